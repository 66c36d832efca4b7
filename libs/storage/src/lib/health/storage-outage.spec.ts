import { createServer } from 'node:net';
import { Client } from 'pg';
import { createStorageTestDatabase } from '../../test-support/test-database';
import type { TemporaryDatabase } from '../admin/temporary-database';
import { isStorageOutage } from './storage-outage';

async function closedPort(): Promise<number> {
  return new Promise((resolve) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

async function errorOf(work: () => Promise<unknown>): Promise<unknown> {
  try {
    await work();
  } catch (error) {
    return error;
  }
  throw new Error('expected the work to fail');
}

/** Real errors from pg and TypeORM: the outage kinds wait, the query's own faults fail. */
describe('isStorageOutage', () => {
  let db: TemporaryDatabase;

  beforeAll(async () => {
    db = await createStorageTestDatabase();
  }, 60_000);
  afterAll(async () => db?.drop(), 30_000);

  it('is true for a server that refuses connections', async () => {
    const client = new Client({ host: '127.0.0.1', port: await closedPort(), user: 'postgres', database: 'postgres' });
    expect(isStorageOutage(await errorOf(() => client.connect()))).toBe(true);
  });

  it('is true for a session the server terminated (57P01)', async () => {
    const victim = new Client({ connectionString: db.url });
    await victim.connect();
    victim.on('error', () => undefined);
    const [{ pid }] = (await victim.query('SELECT pg_backend_pid() AS pid')).rows;
    await db.dataSource.query('SELECT pg_terminate_backend($1)', [pid]);
    expect(isStorageOutage(await errorOf(() => victim.query('SELECT 1')))).toBe(true);
    await victim.end().catch(() => undefined);
  });

  it('is false for faults of the query or its data (TypeORM QueryFailedError)', async () => {
    expect(isStorageOutage(await errorOf(() => db.dataSource.query('SELEKT 1')))).toBe(false);
    expect(isStorageOutage(await errorOf(() => db.dataSource.query(`SELECT 'x'::int`)))).toBe(false);
    expect(isStorageOutage(await errorOf(() => db.dataSource.query('SELECT 1/0')))).toBe(false);
  });

  it('is false for anything that is not an error object', () => {
    expect(isStorageOutage(undefined)).toBe(false);
    expect(isStorageOutage('connection terminated')).toBe(false);
  });
});
