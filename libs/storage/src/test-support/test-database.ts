import { createTemporaryDatabase, type TemporaryDatabase } from '../lib/admin/temporary-database';

/**
 * The storage lib's own specs cannot import @mdi/testing (it depends on this
 * lib: a cycle), so they use the same primitive through this shim.
 */
export const TEST_ADMIN_URL = process.env['TEST_DATABASE_ADMIN_URL'] ?? 'postgres://postgres@127.0.0.1:5432/postgres';

export function createStorageTestDatabase(): Promise<TemporaryDatabase> {
  return createTemporaryDatabase({ adminUrl: TEST_ADMIN_URL, prefix: 'mdi_storage_test' });
}
