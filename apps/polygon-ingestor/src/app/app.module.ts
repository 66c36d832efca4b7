import { UsEquityCalendar } from '@mdi/domain';
import { AlertsModule, PlatformModule } from '@mdi/platform';
import { POLYGON_STACK, ProvidersModule } from '@mdi/providers';
import { ProviderConfigStoreModule, StorageModule } from '@mdi/storage';
import { DynamicModule, Module } from '@nestjs/common';
import { ScheduleModule } from '@nestjs/schedule';
import { BackfillController } from '../backfill/backfill.controller';
import { BackfillReconciler } from '../backfill/backfill-reconciler.service';
import { PolygonQueueState } from '../backfill/queue-state';
import { BackfillService } from '../backfill/backfill.service';
import { FillPlanner } from '../backfill/fill-planner.service';
import { BarsController } from '../bars/bars.controller';
import { BarsService } from '../bars/bars.service';
import { BarsExportController } from '../bars/export/bars-export.controller';
import { BarsExportService } from '../bars/export/bars-export.service';
import { Clock } from '../core/clock';
import { MARKET_DATA_SOURCE, marketDataSourceOf } from '../core/market-data-source';
import { TRADING_CALENDAR } from '../core/trading-calendar.token';
import { BarIngestionService } from '../ingestion/bar-ingestion.service';
import { BarWriter } from '../ingestion/bar-writer.service';
import { CorporateActionsService } from '../ingestion/corporate-actions.service';
import { PolygonJobHandlers } from '../ingestion/polygon-job-handlers';
import { CoverageController } from '../ledger/coverage.controller';
import { CoverageService } from '../ledger/coverage-grid.service';
import { CoverageLedger } from '../ledger/coverage-ledger';
import { EndOfDayFailover } from '../schedule/end-of-day-failover.service';
import { EndOfDayService } from '../schedule/end-of-day.service';
import { IngestionScheduler } from '../schedule/ingestion-scheduler.service';
import { OperationsController } from '../schedule/operations.controller';
import { IngestorStatusService } from '../status/ingestor-status.service';
import { MetricsRefresher } from '../status/metrics-refresher.service';
import { StalledRunAlerts } from '../status/stalled-run-alerts.service';
import { DelistingService } from '../symbols/delisting.service';
import { SymbolUniverseService } from '../symbols/symbol-universe.service';
import { SymbolsController } from '../symbols/symbols.controller';
import { PolygonIngestorConfig, usesAlpacaData } from './polygon-ingestor.config';
import { AlpacaBarIngestion } from '../ingestion/alpaca-bar-ingestion.service';
import { AlpacaJobHandlers } from '../ingestion/alpaca-job-handlers';
import { SourceLedgers } from '../ledger/source-ledgers';
import { SERVICE_NAME } from './service-name';
import { StatusController } from './status.controller';

@Module({})
export class AppModule {
  static forRoot(config: PolygonIngestorConfig): DynamicModule {
    return {
      module: AppModule,
      imports: [
        ScheduleModule.forRoot(),
        PlatformModule.forRoot({
          serviceName: SERVICE_NAME,
          config,
          secrets: [
            config.POLYGON_API_KEY,
            ...(config.ALERT_WEBHOOK_URL ? [config.ALERT_WEBHOOK_URL] : []),
            ...(usesAlpacaData(config) ? [config.ALPACA_API_KEY ?? '', config.ALPACA_SECRET_KEY ?? ''] : []),
          ],
          internalApiToken: config.INTERNAL_API_TOKEN,
        }),
        AlertsModule.forRoot({ serviceName: SERVICE_NAME, webhookUrl: config.ALERT_WEBHOOK_URL }),
        StorageModule.forRoot({
          databaseUrl: config.DATABASE_URL,
          redisUrl: config.REDIS_URL,
          cacheTtlSeconds: config.DATA_INGESTION_CACHE_TTL,
          cacheKeyPrefix: config.CACHE_KEY_PREFIX,
        }),
        // provider_config, where ProvidersModule.forPolygon records the provider at start-up.
        ProviderConfigStoreModule,
        ProvidersModule.forPolygon({
          apiKey: config.POLYGON_API_KEY,
          baseUrl: config.POLYGON_BASE_URL,
          redisUrl: config.REDIS_URL,
          queuePrefix: config.QUEUE_PREFIX,
          rateLimitPerMinute: config.POLYGON_RATE_LIMIT_PER_MINUTE,
          rateWindowMs: config.POLYGON_RATE_WINDOW_MS,
          maxRetries: config.DATA_INGESTION_MAX_RETRIES,
          runWorker: config.RUN_WORKER,
          workerLockMs: config.PROVIDER_WORKER_LOCK_MS,
          workerStalledIntervalMs: config.PROVIDER_WORKER_STALLED_INTERVAL_MS,
          maxPagesPerListing: config.POLYGON_MAX_PAGES_PER_LISTING,
          alertAfterMs: config.ALERT_AFTER_MS,
        }),
        ...alpacaDataModule(config),
      ],
      controllers: [
        StatusController,
        SymbolsController,
        BackfillController,
        // Before BarsController: /bars/export would otherwise be read as GET /bars/:symbol.
        BarsExportController,
        BarsController,
        OperationsController,
        CoverageController,
      ],
      providers: [
        { provide: PolygonIngestorConfig, useValue: config },
        { provide: Clock, useValue: new Clock(config.CLOCK_FIXED_AT) },
        { provide: TRADING_CALENDAR, useValue: new UsEquityCalendar() },
        { provide: MARKET_DATA_SOURCE, useFactory: marketDataSourceOf, inject: [POLYGON_STACK] },
        CoverageLedger,
        SourceLedgers,
        SymbolUniverseService,
        DelistingService,
        FillPlanner,
        BackfillService,
        BackfillReconciler,
        PolygonQueueState,
        BarWriter,
        BarIngestionService,
        CorporateActionsService,
        PolygonJobHandlers,
        EndOfDayService,
        EndOfDayFailover,
        IngestionScheduler,
        BarsService,
        BarsExportService,
        CoverageService,
        IngestorStatusService,
        MetricsRefresher,
        StalledRunAlerts,
        ...(usesAlpacaData(config) ? [AlpacaBarIngestion, AlpacaJobHandlers] : []),
      ],
    };
  }
}

/**
 * Alpaca market data, only when a backfill source is alpaca: its queue (alpaca-data-calls, worked by this
 * app) spends the alpaca-calls budget of the same key, so QUEUE_PREFIX and the rate limit are the monitor's.
 */
function alpacaDataModule(config: PolygonIngestorConfig): DynamicModule[] {
  if (!usesAlpacaData(config)) return [];
  return [
    ProvidersModule.forAlpacaData({
      keyId: config.ALPACA_API_KEY ?? '',
      secret: config.ALPACA_SECRET_KEY ?? '',
      dataBaseUrl: config.ALPACA_DATA_BASE_URL,
      redisUrl: config.REDIS_URL,
      queuePrefix: config.QUEUE_PREFIX,
      rateLimitPerMinute: config.ALPACA_RATE_LIMIT_PER_MINUTE,
      rateWindowMs: config.ALPACA_RATE_WINDOW_MS,
      maxRetries: config.DATA_INGESTION_MAX_RETRIES,
      runWorker: config.RUN_WORKER,
      workerLockMs: config.PROVIDER_WORKER_LOCK_MS,
      workerStalledIntervalMs: config.PROVIDER_WORKER_STALLED_INTERVAL_MS,
      alertAfterMs: config.ALERT_AFTER_MS,
    }),
  ];
}
