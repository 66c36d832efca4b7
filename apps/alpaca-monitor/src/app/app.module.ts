import { PlatformModule } from '@mdi/platform';
import { StorageModule } from '@mdi/storage';
import { DynamicModule, Module } from '@nestjs/common';
import { SERVICE_NAME } from './service-name';
import { AlpacaMonitorConfig } from './alpaca-monitor.config';
import { StatusController } from './status.controller';

@Module({})
export class AppModule {
  static forRoot(config: AlpacaMonitorConfig): DynamicModule {
    return {
      module: AppModule,
      imports: [
        PlatformModule.forRoot({ serviceName: SERVICE_NAME, config, secrets: [config.ALPACA_API_KEY, config.ALPACA_SECRET_KEY] }),
        StorageModule.forRoot({ databaseUrl: config.DATABASE_URL, redisUrl: config.REDIS_URL }),
      ],
      controllers: [StatusController],
      providers: [{ provide: AlpacaMonitorConfig, useValue: config }],
    };
  }
}
