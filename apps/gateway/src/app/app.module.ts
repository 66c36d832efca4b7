import { PlatformModule } from '@mdi/platform';
import { DynamicModule, Module } from '@nestjs/common';
import { SERVICE_NAME } from './service-name';
import { GatewayConfig } from './gateway.config';
import { AdminModule } from './admin/admin.module';
import { AggregateController } from './aggregation/aggregate.controller';
import { DOWNSTREAM_SERVICES, downstreamServicesFrom } from './aggregation/downstream-services';
import { HealthMonitor } from './aggregation/health-monitor';
import { SystemStatus } from './aggregation/system-status';
import { PageDataController } from './status-page/page-data.controller';
import { StatusPageController } from './status-page/status-page.controller';

@Module({})
export class AppModule {
  static forRoot(config: GatewayConfig): DynamicModule {
    return {
      module: AppModule,
      imports: [
        // No StorageModule: the gateway keeps no data, so PostgreSQL being down never makes it unready.
        PlatformModule.forRoot({
          serviceName: SERVICE_NAME,
          config,
          secrets: config.GATEWAY_ADMIN_TOKEN ? [config.GATEWAY_ADMIN_TOKEN] : [],
          internalApiToken: config.INTERNAL_API_TOKEN,
          usesPostgres: false,
        }),
        AdminModule.forRoot(config),
      ],
      controllers: [AggregateController, StatusPageController, PageDataController],
      providers: [
        { provide: GatewayConfig, useValue: config },
        { provide: DOWNSTREAM_SERVICES, useValue: downstreamServicesFrom(config) },
        HealthMonitor,
        SystemStatus,
      ],
    };
  }
}
