import { AlertsModule, PlatformModule } from '@mdi/platform';
import { StorageModule } from '@mdi/storage';
import { DynamicModule, Module } from '@nestjs/common';
import { ScheduleModule } from '@nestjs/schedule';
import { QualityModule } from '../quality/quality.module';
import { QualityServiceConfig } from './quality-service.config';
import { SERVICE_NAME } from './service-name';
import { StatusController } from './status.controller';

@Module({})
export class AppModule {
  static forRoot(config: QualityServiceConfig): DynamicModule {
    return {
      module: AppModule,
      imports: [
        // The quality slot timer's registry (QualityScheduler).
        ScheduleModule.forRoot(),
        PlatformModule.forRoot({
          serviceName: SERVICE_NAME,
          config,
          secrets: [config.ALERT_WEBHOOK_URL, config.QUALITY_ALERT_WEBHOOK_URL].filter(
            (url): url is string => url !== undefined,
          ),
          internalApiToken: config.INTERNAL_API_TOKEN,
        }),
        // One alert path for the system: ALERT_WEBHOOK_URL; QUALITY_ALERT_WEBHOOK_URL is its older name here.
        AlertsModule.forRoot({
          serviceName: SERVICE_NAME,
          webhookUrl: config.ALERT_WEBHOOK_URL ?? config.QUALITY_ALERT_WEBHOOK_URL,
        }),
        StorageModule.forRoot({ databaseUrl: config.DATABASE_URL, redisUrl: config.REDIS_URL }),
        QualityModule.forRoot(config),
      ],
      controllers: [StatusController],
      providers: [{ provide: QualityServiceConfig, useValue: config }],
    };
  }
}
