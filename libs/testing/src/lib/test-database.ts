import type { ProviderConfigStore } from '@mdi/domain';
import { createTemporaryDatabase, ProviderConfigRepository } from '@mdi/storage';
import type { DataSource } from 'typeorm';

export const DEFAULT_TEST_DATABASE_ADMIN_URL = 'postgres://postgres@127.0.0.1:5432/postgres';

export interface TestDatabase {
  /** Connection URL of the new database. */
  readonly url: string;
  /** Initialised DataSource with every migration applied. */
  readonly dataSource: DataSource;
  /** Closes the DataSource, terminates remaining sessions and drops the database. */
  drop(): Promise<void>;
}

/**
 * A fresh, uniquely named, fully migrated database for one test file (never a
 * shared one). Server from TEST_DATABASE_ADMIN_URL, default
 * postgres://postgres@127.0.0.1:5432/postgres. Throws "PostgreSQL does not
 * answer at ..." when the server is down: tests fail, they never skip.
 */
export async function createTestDatabase(): Promise<TestDatabase> {
  const adminUrl = process.env['TEST_DATABASE_ADMIN_URL'] || DEFAULT_TEST_DATABASE_ADMIN_URL;
  const db = await createTemporaryDatabase({ adminUrl, prefix: 'mdi_test' });
  return { url: db.url, dataSource: db.dataSource, drop: db.drop };
}

/**
 * provider_config of a test database, as storage keeps it (ProviderConfigRepository),
 * for specs of libs that may not import storage themselves (providers).
 */
export function providerConfigStore(db: TestDatabase): ProviderConfigStore {
  return new ProviderConfigRepository(db.dataSource);
}
