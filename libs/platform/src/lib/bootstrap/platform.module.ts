import { DynamicModule, Module } from '@nestjs/common';
import { APP_FILTER, APP_GUARD, APP_INTERCEPTOR, APP_PIPE } from '@nestjs/core';
import { SERVICE_TOKEN, ServiceTokenGuard } from '../auth/service-token.guard';
import type { BaseServiceConfig } from '../config/base-service.config';
import { HealthModule } from '../health/health.module';
import { ContractValidationPipe } from '../http/contract-validation.pipe';
import { HttpErrorsFilter } from '../http/http-errors.filter';
import { JsonBodyInterceptor } from '../http/json-body.interceptor';
import { ServiceLoggerModule } from '../logging/logger.module';
import { MetricsModule } from '../metrics/metrics.module';

export interface PlatformOptions {
  readonly serviceName: string;
  readonly config: BaseServiceConfig;
  /** Secret values the logger must scrub wherever they appear. */
  readonly secrets: readonly string[];
  /**
   * INTERNAL_API_TOKEN: every non-GET/HEAD route not marked @SkipServiceToken()
   * requires it as a bearer token. Without it those routes are closed (403).
   */
  readonly internalApiToken?: string;
  /** Readiness checks PostgreSQL (default true); false for a service without a database. */
  readonly usesPostgres?: boolean;
}

/**
 * Logging, health probes, metrics, the service-token guard on writes and the
 * request contract (DTO validation, JSON bodies, one error shape): what every
 * service does the same way.
 */
@Module({})
export class PlatformModule {
  static forRoot(options: PlatformOptions): DynamicModule {
    return {
      module: PlatformModule,
      imports: [
        ServiceLoggerModule.forRoot({
          serviceName: options.serviceName,
          level: options.config.LOG_LEVEL,
          secrets: options.internalApiToken ? [...options.secrets, options.internalApiToken] : options.secrets,
        }),
        HealthModule.forRoot({ redisUrl: options.config.REDIS_URL, postgres: options.usesPostgres }),
        MetricsModule,
      ],
      providers: [
        { provide: SERVICE_TOKEN, useValue: options.internalApiToken ?? null },
        { provide: APP_GUARD, useClass: ServiceTokenGuard },
        { provide: APP_INTERCEPTOR, useClass: JsonBodyInterceptor },
        { provide: APP_PIPE, useClass: ContractValidationPipe },
        { provide: APP_FILTER, useClass: HttpErrorsFilter },
      ],
    };
  }
}
