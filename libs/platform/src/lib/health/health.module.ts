import { DynamicModule, Module } from '@nestjs/common';
import { TerminusModule } from '@nestjs/terminus';
import { HealthController } from './health.controller';
import { PostgresHealthIndicator } from './postgres.health';
import { ReadinessRegistry } from './readiness-registry';
import { HEALTH_REDIS_URL, RedisHealthIndicator } from './redis.health';

export interface HealthOptions {
  readonly redisUrl: string;
  /** Readiness checks PostgreSQL (default true). A service that uses no database (the gateway) leaves it out. */
  readonly postgres?: boolean;
}

@Module({})
export class HealthModule {
  static forRoot(options: HealthOptions): DynamicModule {
    return {
      module: HealthModule,
      global: true,
      imports: [TerminusModule.forRoot({ errorLogStyle: 'pretty', logger: false })],
      controllers: [HealthController],
      providers: [
        { provide: HEALTH_REDIS_URL, useValue: options.redisUrl },
        ...(options.postgres === false ? [] : [PostgresHealthIndicator]),
        RedisHealthIndicator,
        ReadinessRegistry,
      ],
      exports: [ReadinessRegistry, RedisHealthIndicator],
    };
  }
}
