import type { DataSourceOptions } from 'typeorm';
import { SCHEMA, STORAGE_ENTITIES } from '../entities';
import { STORAGE_MIGRATIONS } from '../migrations';
import { parseDatabaseUrl } from './database-url';

/** TypeORM's bookkeeping table, inside our schema so dropping the schema resets everything. */
export const MIGRATIONS_TABLE = 'schema_migrations';

export interface DataSourceTuning {
  /** Pool size; pg's default is 10. */
  readonly poolSize?: number;
  readonly applicationName?: string;
}

/**
 * Options for every DataSource of the system. The schema only ever changes
 * through migrations: `synchronize` and `migrationsRun` are off on purpose.
 */
export function createDataSourceOptions(databaseUrl: string, tuning: DataSourceTuning = {}): DataSourceOptions {
  return {
    type: 'postgres',
    url: parseDatabaseUrl(databaseUrl),
    schema: SCHEMA,
    entities: STORAGE_ENTITIES,
    migrations: STORAGE_MIGRATIONS,
    migrationsTableName: MIGRATIONS_TABLE,
    migrationsTransactionMode: 'each',
    synchronize: false,
    migrationsRun: false,
    logging: false,
    applicationName: tuning.applicationName ?? 'mdi-storage',
    poolSize: tuning.poolSize,
    connectTimeoutMS: 5000,
  };
}
