import { createTemporaryDatabase, type TemporaryDatabase } from '../lib/admin/temporary-database';

/**
 * The storage lib's own specs cannot import @mdi/testing (it depends on this
 * lib: a cycle), so they use the same primitive through this shim.
 */
export const TEST_ADMIN_URL = process.env['TEST_DATABASE_ADMIN_URL'] ?? 'postgres://postgres@127.0.0.1:5432/postgres';

export function createStorageTestDatabase(): Promise<TemporaryDatabase> {
  return createTemporaryDatabase({ adminUrl: TEST_ADMIN_URL, prefix: 'mdi_storage_test' });
}

/** The database of one describe block, readable from its hooks and tests. */
export type StorageTestDatabase = Pick<TemporaryDatabase, 'name' | 'url' | 'dataSource'>;

/**
 * Gives the calling describe block its own migrated database: created in a
 * beforeAll registered here (so it exists before any beforeAll registered after
 * this call), dropped in afterAll. Reading it before that beforeAll ran throws.
 */
export function useStorageTestDatabase(): StorageTestDatabase {
  let db: TemporaryDatabase | undefined;
  beforeAll(async () => {
    db = await createStorageTestDatabase();
  });
  afterAll(() => db?.drop());
  const created = (): TemporaryDatabase => {
    if (!db) throw new Error('the test database is created in beforeAll: read it from a hook or a test');
    return db;
  };
  return {
    get name() {
      return created().name;
    },
    get url() {
      return created().url;
    },
    get dataSource() {
      return created().dataSource;
    },
  };
}
