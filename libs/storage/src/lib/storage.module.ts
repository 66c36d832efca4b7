import { type DynamicModule, Module, type Provider } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { ReadinessRegistry } from '@mdi/platform';
import { DataSource } from 'typeorm';
import { MarketDataCache } from './cache/market-data-cache';
import { createDataSourceOptions } from './config/data-source-options';
import { schemaReadinessCheck } from './health/schema-readiness';
import { StorageAvailability } from './health/storage-availability';
import { AccountSnapshotRepository } from './repositories/account-snapshot.repository';
import { FillRepository } from './repositories/fill.repository';
import { MonitorWatermarkRepository } from './repositories/monitor-watermark.repository';
import { OrderRepository } from './repositories/order.repository';
import { PositionRepository } from './repositories/position.repository';
import { DelistedSymbolRepository } from './repositories/delisted-symbol.repository';
import { MarketDataRepository } from './repositories/market-data.repository';
import { ProviderConfigRepository } from './repositories/provider-config.repository';
import { QualityLogRepository } from './repositories/quality-log.repository';
import { SymbolDataStatusRepository } from './repositories/symbol-data-status.repository';
import { SymbolRepository } from './repositories/symbol.repository';
import { CorporateActionRepository } from './repositories/corporate-action.repository';
import { BackfillRunRepository } from './repositories/backfill-run.repository';
import { ReferenceTickerRepository } from './repositories/reference-ticker.repository';
import { MarketDataSnapshotRepository } from './repositories/market-data-snapshot.repository';
import { MarketDataExportRepository } from './repositories/market-data-export.repository';
import { QualityReportLogRepository } from './repositories/quality-report-log.repository';
import { AdvisoryLockRepository } from './repositories/advisory-lock.repository';
import { ChangeWatermarkRepository } from './repositories/change-watermark.repository';
import { QualityFindingRepository } from './repositories/quality-finding.repository';

export interface StorageModuleOptions {
  /** DATABASE_URL */
  readonly databaseUrl: string;
  /** REDIS_URL */
  readonly redisUrl: string;
  /** DATA_INGESTION_CACHE_TTL (seconds, default 300). */
  readonly cacheTtlSeconds?: number;
  /** Prefix for every cache key (tests). */
  readonly cacheKeyPrefix?: string;
  /** DataSource pool size (pg default 10). */
  readonly poolSize?: number;
}

/** Provider token: true once the schema check is registered with the platform's readiness. */
export const SCHEMA_READINESS = Symbol('SCHEMA_READINESS');

/** The repositories this module provides; each takes the DataSource. */
export const STORAGE_REPOSITORIES = [
  MarketDataRepository,
  SymbolRepository,
  DelistedSymbolRepository,
  SymbolDataStatusRepository,
  QualityLogRepository,
  ProviderConfigRepository,
  AccountSnapshotRepository,
  PositionRepository,
  OrderRepository,
  FillRepository,
  MonitorWatermarkRepository,
  CorporateActionRepository,
  BackfillRunRepository,
  ReferenceTickerRepository,
  MarketDataSnapshotRepository,
  MarketDataExportRepository,
  QualityReportLogRepository,
  AdvisoryLockRepository,
  ChangeWatermarkRepository,
  QualityFindingRepository,
] as const;

/**
 * DataSource (never synchronize: the schema comes from migrations), the
 * repositories and the Redis cache, for one Nest application.
 */
@Module({})
export class StorageModule {
  static forRoot(options: StorageModuleOptions): DynamicModule {
    const repositories: Provider[] = STORAGE_REPOSITORIES.map((repository) => ({
      provide: repository,
      useFactory: (dataSource: DataSource) => new repository(dataSource),
      inject: [DataSource],
    }));
    const cache: Provider = {
      provide: MarketDataCache,
      useFactory: () =>
        new MarketDataCache({
          redisUrl: options.redisUrl,
          barsTtlSeconds: options.cacheTtlSeconds,
          keyPrefix: options.cacheKeyPrefix,
        }),
    };
    // Where the platform's health module runs, readiness also waits for the schema.
    const schemaReadiness: Provider = {
      provide: SCHEMA_READINESS,
      useFactory: (dataSource: DataSource, readiness: ReadinessRegistry | null) => {
        readiness?.register('schema', schemaReadinessCheck(dataSource));
        return readiness !== null;
      },
      inject: [DataSource, { token: ReadinessRegistry, optional: true }],
    };
    const availability: Provider = {
      provide: StorageAvailability,
      useFactory: (dataSource: DataSource) => new StorageAvailability(dataSource),
      inject: [DataSource],
    };
    return {
      module: StorageModule,
      imports: [
        TypeOrmModule.forRootAsync({
          useFactory: () => ({
            ...createDataSourceOptions(options.databaseUrl, { poolSize: options.poolSize }),
            synchronize: false,
            autoLoadEntities: false,
            // Fail start-up within seconds when PostgreSQL is down: the
            // orchestrator restarts the pod until PostgreSQL answers.
            retryAttempts: 2,
            retryDelay: 1000,
          }),
        }),
      ],
      providers: [...repositories, cache, schemaReadiness, availability],
      exports: [TypeOrmModule, ...STORAGE_REPOSITORIES, MarketDataCache, StorageAvailability],
    };
  }
}
