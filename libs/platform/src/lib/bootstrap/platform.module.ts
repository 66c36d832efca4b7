import { DynamicModule, Module } from '@nestjs/common';
import type { BaseServiceConfig } from '../config/base-service.config';
import { HealthModule } from '../health/health.module';
import { ServiceLoggerModule } from '../logging/logger.module';
import { MetricsModule } from '../metrics/metrics.module';

export interface PlatformOptions {
  readonly serviceName: string;
  readonly config: BaseServiceConfig;
  /** Secret values the logger must scrub wherever they appear. */
  readonly secrets: readonly string[];
}

/** Logging, health probes and metrics: what every service exposes the same way. */
@Module({})
export class PlatformModule {
  static forRoot(options: PlatformOptions): DynamicModule {
    return {
      module: PlatformModule,
      imports: [
        ServiceLoggerModule.forRoot({
          serviceName: options.serviceName,
          level: options.config.LOG_LEVEL,
          secrets: options.secrets,
        }),
        HealthModule.forRoot({ redisUrl: options.config.REDIS_URL }),
        MetricsModule,
      ],
    };
  }
}
