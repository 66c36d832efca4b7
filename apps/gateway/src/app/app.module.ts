import { PlatformModule } from '@mdi/platform';
import { StorageModule } from '@mdi/storage';
import { DynamicModule, Module } from '@nestjs/common';
import { SERVICE_NAME } from './service-name';
import { GatewayConfig } from './gateway.config';
import { AggregateController } from './aggregation/aggregate.controller';
import { DOWNSTREAM_SERVICES, downstreamServicesFrom } from './aggregation/downstream-services';

@Module({})
export class AppModule {
  static forRoot(config: GatewayConfig): DynamicModule {
    return {
      module: AppModule,
      imports: [
        PlatformModule.forRoot({ serviceName: SERVICE_NAME, config, secrets: config.GATEWAY_ADMIN_TOKEN ? [config.GATEWAY_ADMIN_TOKEN] : [] }),
        StorageModule.forRoot({ databaseUrl: config.DATABASE_URL, redisUrl: config.REDIS_URL }),
      ],
      controllers: [AggregateController],
      providers: [
        { provide: GatewayConfig, useValue: config },
        { provide: DOWNSTREAM_SERVICES, useValue: downstreamServicesFrom(config) },
      ],
    };
  }
}
