import { AlertsModule, PlatformModule } from '@mdi/platform';
import { ProviderConfigStoreModule, StorageModule } from '@mdi/storage';
import { DynamicModule, Module } from '@nestjs/common';
import { AccountController } from '../http/account.controller';
import { OrdersController } from '../http/orders.controller';
import { AccountStateCache } from '../monitoring/account-state.cache';
import { MonitoringModule } from '../monitoring/monitoring.module';
import { PollRecorder } from '../monitoring/poll-recorder';
import { RecentRejections } from '../monitoring/recent-rejections';
import { MonitorStatusService } from '../status/monitor-status.service';
import { StatusController } from '../status/status.controller';
import { AlpacaMonitorConfig } from './alpaca-monitor.config';
import { SERVICE_NAME } from './service-name';
import { TradingModeAnnouncer } from './trading-mode.announcer';

/** Storage, cache and configuration, shared by the read side and the polling side. */
@Module({})
class MonitorCoreModule {
  static forRoot(config: AlpacaMonitorConfig): DynamicModule {
    const cache = {
      provide: AccountStateCache,
      useFactory: () =>
        new AccountStateCache({
          redisUrl: config.REDIS_URL,
          keyPrefix: config.CACHE_KEY_PREFIX,
          ttlSeconds: config.DATA_INGESTION_CACHE_TTL,
        }),
    };
    const storage = StorageModule.forRoot({
      databaseUrl: config.DATABASE_URL,
      redisUrl: config.REDIS_URL,
      cacheTtlSeconds: config.DATA_INGESTION_CACHE_TTL,
      cacheKeyPrefix: config.CACHE_KEY_PREFIX,
    });
    return {
      module: MonitorCoreModule,
      global: true,
      // provider_config, where ProvidersModule.forAlpaca records the provider at start-up.
      imports: [storage, ProviderConfigStoreModule],
      providers: [{ provide: AlpacaMonitorConfig, useValue: config }, cache, PollRecorder, RecentRejections],
      exports: [StorageModule, AlpacaMonitorConfig, AccountStateCache, PollRecorder, RecentRejections],
    };
  }
}

@Module({})
export class AppModule {
  static forRoot(config: AlpacaMonitorConfig): DynamicModule {
    // ENABLE_REALTIME_TRADING=false: stored data stays readable, nothing polls.
    const monitoring = config.ENABLE_REALTIME_TRADING ? [MonitoringModule.forRoot(config)] : [];
    return {
      module: AppModule,
      imports: [
        PlatformModule.forRoot({
          serviceName: SERVICE_NAME,
          config,
          secrets: [
            config.ALPACA_API_KEY,
            config.ALPACA_SECRET_KEY,
            ...(config.ALERT_WEBHOOK_URL ? [config.ALERT_WEBHOOK_URL] : []),
          ],
        }),
        AlertsModule.forRoot({ serviceName: SERVICE_NAME, webhookUrl: config.ALERT_WEBHOOK_URL }),
        MonitorCoreModule.forRoot(config),
        ...monitoring,
      ],
      controllers: [StatusController, AccountController, OrdersController],
      providers: [MonitorStatusService, TradingModeAnnouncer],
    };
  }
}
