import { DynamicModule, Module } from '@nestjs/common';
import { TerminusModule } from '@nestjs/terminus';
import { HealthController } from './health.controller';
import { PostgresHealthIndicator } from './postgres.health';
import { ReadinessRegistry } from './readiness-registry';
import { HEALTH_REDIS_URL, RedisHealthIndicator } from './redis.health';

@Module({})
export class HealthModule {
  static forRoot(options: { redisUrl: string }): DynamicModule {
    return {
      module: HealthModule,
      global: true,
      imports: [TerminusModule.forRoot({ errorLogStyle: 'pretty', logger: false })],
      controllers: [HealthController],
      providers: [
        { provide: HEALTH_REDIS_URL, useValue: options.redisUrl },
        PostgresHealthIndicator,
        RedisHealthIndicator,
        ReadinessRegistry,
      ],
      exports: [ReadinessRegistry],
    };
  }
}
