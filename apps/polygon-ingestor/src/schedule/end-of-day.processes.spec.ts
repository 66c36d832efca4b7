import {
  createTestDatabase,
  eventually,
  startProviderSimulator,
  type ProviderSimulator,
  type TestDatabase,
} from '@mdi/testing';
import { ingestorEnv, polygonCalls, removeRedisKeys, SIM_TODAY } from '../test-support/ingestor-harness';
import { startIngestorProcess, type IngestorProcess } from '../test-support/ingestor-process';

/**
 * Three ingestor processes share one database, one Redis queue and one
 * Polygon budget, each with its end-of-day cron firing every second. The
 * simulator must see exactly one grouped-daily call per date, and nothing else.
 */
describe('end-of-day with three ingestor processes', () => {
  let sim: ProviderSimulator;
  let db: TestDatabase;
  let env: Record<string, string>;
  const processes: IngestorProcess[] = [];

  beforeAll(async () => {
    sim = await startProviderSimulator({
      seed: 11,
      symbols: 100,
      today: SIM_TODAY,
      polygonRateLimit: 5,
      rateWindowMs: 1000,
    });
    db = await createTestDatabase();
    env = ingestorEnv(sim, db, { EOD_CRON: '* * * * * *', EOD_CATCHUP_SESSIONS: '3' });
  }, 60_000);

  afterAll(async () => {
    await Promise.all(processes.map((p) => p.stop()));
    await removeRedisKeys([`${env['QUEUE_PREFIX']}:*`, `${env['CACHE_KEY_PREFIX']}*`]);
    await db?.drop();
    await sim?.stop();
  }, 60_000);

  it('makes exactly one grouped-daily call per date for the whole universe', async () => {
    for (const name of ['a', 'b', 'c']) processes.push(await startIngestorProcess({ ...env, INSTANCE: name }));
    const ledgerRows = async () =>
      Number((await db.dataSource.query(`SELECT count(*) AS n FROM data_ingestion.symbol_data_status`))[0].n);
    await eventually(async () => (await ledgerRows()) === 300, '3 dates x 100 symbols in the ledger', 60_000);
    // Let every replica tick a few more times: nothing may be fetched again.
    await new Promise((r) => setTimeout(r, 3000));

    const calls = await polygonCalls(sim);
    expect(calls).toMatchObject({ total: 3, grouped: 3, range: 0, rateLimited: 0 });
    const dates = await db.dataSource.query(
      `SELECT date::text AS date, count(*)::int AS n FROM data_ingestion.symbol_data_status WHERE status = 'success' GROUP BY date ORDER BY date`,
    );
    expect(dates).toEqual([
      { date: '2025-11-20', n: 100 },
      { date: '2025-11-21', n: 100 },
      { date: SIM_TODAY, n: 100 },
    ]);
    expect(Number((await db.dataSource.query(`SELECT count(*) AS n FROM data_ingestion.market_data`))[0].n)).toBe(300);
    for (const p of processes) expect(p.child.exitCode).toBeNull();
  }, 240_000);
});
