import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { createDataSourceOptions } from '../config/data-source-options';
import { parseDatabaseUrl } from '../config/database-url';
import { SCHEMA } from '../entities';

/**
 * Session-level advisory lock key serialising migration runs: two pods (or a
 * Job and a developer) running migrate at once apply each migration once.
 */
export const MIGRATION_LOCK_KEY = 7_412_029_301;

export interface MigrationRunResult {
  /** Names of the migrations this call applied, in order; empty when up to date. */
  readonly applied: readonly string[];
}

/** Applies pending migrations under an advisory lock. Safe to run twice and concurrently. */
export async function runMigrations(databaseUrl: string): Promise<MigrationRunResult> {
  const url = parseDatabaseUrl(databaseUrl);
  const lock = new Client({ connectionString: url, connectionTimeoutMillis: 5000 });
  await lock.connect();
  try {
    await lock.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK_KEY]);
    // TypeORM creates its bookkeeping table before the first migration, and
    // that table lives in our schema, so the schema must exist first.
    await lock.query(`CREATE SCHEMA IF NOT EXISTS ${SCHEMA}`);
    const dataSource = new DataSource({
      ...createDataSourceOptions(url, { poolSize: 1, applicationName: 'mdi-migrate' }),
    });
    await dataSource.initialize();
    try {
      const migrations = await dataSource.runMigrations({ transaction: 'each' });
      return { applied: migrations.map((m) => m.name) };
    } finally {
      await dataSource.destroy();
    }
  } finally {
    // Ending the session releases the lock even if the unlock query fails.
    await lock.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK_KEY]).catch(() => undefined);
    await lock.end();
  }
}
