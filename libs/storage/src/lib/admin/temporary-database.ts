import { randomBytes } from 'node:crypto';
import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { createDataSourceOptions } from '../config/data-source-options';
import { parseDatabaseUrl, redactDatabaseUrl } from '../config/database-url';
import { runMigrations } from '../migrations/run-migrations';

export interface TemporaryDatabase {
  readonly name: string;
  readonly url: string;
  /** Initialised, migrated DataSource on the new database. */
  readonly dataSource: DataSource;
  /** Closes the DataSource, terminates other sessions and drops the database. Idempotent. */
  drop(): Promise<void>;
}

export interface TemporaryDatabaseOptions {
  /** A URL of the same server with rights to CREATE/DROP DATABASE. */
  readonly adminUrl: string;
  /** Name prefix, lowercase letters, digits and underscores. */
  readonly prefix?: string;
  readonly poolSize?: number;
}

const NAME = /^[a-z_][a-z0-9_]{0,62}$/;

/**
 * Creates a uniquely named database and applies every migration: the real
 * schema for tests and benchmarks, never a shared database. Throws
 * "PostgreSQL does not answer ..." when the server is unreachable, so a test
 * fails loudly instead of skipping.
 */
export async function createTemporaryDatabase(options: TemporaryDatabaseOptions): Promise<TemporaryDatabase> {
  const adminUrl = parseDatabaseUrl(options.adminUrl, 'admin database URL');
  const name = `${options.prefix ?? 'mdi_tmp'}_${process.pid}_${Date.now().toString(36)}_${randomBytes(3).toString('hex')}`;
  if (!NAME.test(name)) throw new Error(`invalid database name "${name}"`);

  await withAdmin(adminUrl, (admin) => admin.query(`CREATE DATABASE "${name}"`));
  const url = withDatabase(adminUrl, name);
  let dataSource: DataSource | undefined;
  const drop = once(async () => {
    if (dataSource?.isInitialized) await dataSource.destroy();
    await dropDatabase(adminUrl, name);
  });
  try {
    await runMigrations(url);
    dataSource = new DataSource(createDataSourceOptions(url, { poolSize: options.poolSize ?? 4 }));
    await dataSource.initialize();
    return { name, url, dataSource, drop };
  } catch (error) {
    await drop();
    throw error;
  }
}

/** Terminates the database's sessions (ours included) and drops it. */
export async function dropDatabase(adminUrl: string, name: string): Promise<void> {
  if (!NAME.test(name)) throw new Error(`invalid database name "${name}"`);
  await withAdmin(adminUrl, async (admin) => {
    await admin.query(
      'SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()',
      [name],
    );
    await admin.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
  });
}

async function withAdmin<T>(adminUrl: string, work: (admin: Client) => Promise<T>): Promise<T> {
  const admin = new Client({ connectionString: adminUrl, connectionTimeoutMillis: 3000 });
  try {
    await admin.connect();
  } catch (error) {
    const cause = error instanceof Error ? error.message : String(error);
    throw new Error(`PostgreSQL does not answer at ${redactDatabaseUrl(adminUrl)}: ${cause}`);
  }
  try {
    return await work(admin);
  } finally {
    await admin.end();
  }
}

function withDatabase(url: string, database: string): string {
  const parsed = new URL(url);
  parsed.pathname = `/${database}`;
  return parsed.toString();
}

function once(fn: () => Promise<void>): () => Promise<void> {
  let pending: Promise<void> | undefined;
  return () => (pending ??= fn());
}
