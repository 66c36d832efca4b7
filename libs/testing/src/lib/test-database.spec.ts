import { Client } from 'pg';
import { createTestDatabase } from './test-database';

async function databaseExists(name: string): Promise<boolean> {
  const admin = new Client({ connectionString: 'postgres://postgres@127.0.0.1:5432/postgres' });
  await admin.connect();
  try {
    const result = await admin.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
    return result.rowCount === 1;
  } finally {
    await admin.end();
  }
}

// Two migrated databases per test: seconds on a loaded machine, not the 5 s default.
jest.setTimeout(30_000);

describe('createTestDatabase', () => {
  const saved = process.env['TEST_DATABASE_ADMIN_URL'];
  afterEach(() => {
    if (saved === undefined) delete process.env['TEST_DATABASE_ADMIN_URL'];
    else process.env['TEST_DATABASE_ADMIN_URL'] = saved;
  });

  it('creates a unique migrated database and drops it, even with a session still open', async () => {
    const a = await createTestDatabase();
    const b = await createTestDatabase();
    const name = new URL(a.url).pathname.slice(1);
    expect(name).not.toBe(new URL(b.url).pathname.slice(1));

    await a.dataSource.query(`INSERT INTO data_ingestion.symbols (symbol, name) VALUES ('AAPL', 'Apple Inc.')`);
    const rows = await a.dataSource.query(`SELECT symbol, status FROM data_ingestion.symbols`);
    expect(rows).toEqual([{ symbol: 'AAPL', status: 'active' }]);

    const straggler = new Client({ connectionString: a.url });
    await straggler.connect();
    straggler.on('error', () => undefined); // it is terminated by drop()
    await a.drop();
    await b.drop();
    expect(await databaseExists(name)).toBe(false);
    await a.drop(); // idempotent
  });

  it('throws "PostgreSQL does not answer" when nothing listens', async () => {
    process.env['TEST_DATABASE_ADMIN_URL'] = 'postgres://postgres@127.0.0.1:1/postgres';
    await expect(createTestDatabase()).rejects.toThrow(
      /^PostgreSQL does not answer at postgres:\/\/postgres@127\.0\.0\.1:1\/postgres: /,
    );
  });
});
