import { DynamicModule, Module } from '@nestjs/common';
import { GatewayConfig } from '../../gateway.config';
import { AdminAccess } from './admin-access';
import { ADMIN_TOKEN_STORAGE } from './admin-auth.policy';
import { AdminGuard } from './admin.guard';
import { AdminRedis } from './admin-redis';
import { RedisThrottlerStorage } from './redis-throttler.storage';

/** The admin token check and the count of failed attempts, shared by the admin API and the queue dashboard. */
@Module({})
export class AdminAuthModule {
  static forRoot(config: GatewayConfig): DynamicModule {
    return {
      module: AdminAuthModule,
      providers: [
        { provide: GatewayConfig, useValue: config },
        { provide: AdminRedis, useFactory: () => new AdminRedis(config.REDIS_URL) },
        {
          provide: ADMIN_TOKEN_STORAGE,
          useFactory: (redis: AdminRedis) => new RedisThrottlerStorage(redis.client, config.ADMIN_AUTH_KEY_PREFIX),
          inject: [AdminRedis],
        },
        AdminAccess,
        AdminGuard,
      ],
      exports: [AdminAccess, AdminGuard],
    };
  }
}
