import {
  createTestDatabase,
  eventually,
  startProviderSimulator,
  type ProviderSimulator,
  type TestDatabase,
} from '@mdi/testing';
import { ingestorEnv, polygonCalls, removeRedisKeys, SIM_TODAY } from '../test-support/ingestor-harness';
import { httpJson, startIngestorProcess, type IngestorProcess } from '../test-support/ingestor-process';

const SYMBOLS = [
  'AAPL',
  'ABBV',
  'ABT',
  'ACN',
  'ADBE',
  'AMD',
  'AMGN',
  'AMZN',
  'AVGO',
  'BAC',
  'COST',
  'CRM',
  'CSCO',
  'CVX',
  'DHR',
  'DIS',
  'GE',
  'GOOG',
  'GOOGL',
  'HD',
];

/**
 * A backfill killed with SIGKILL halfway and started again: it finishes
 * from the ledger, stores every bar once, and does not fetch a finished
 * symbol again (at most the one call in flight at the kill is repeated).
 */
describe('backfill resumes after SIGKILL', () => {
  let sim: ProviderSimulator;
  let db: TestDatabase;
  let env: Record<string, string>;
  let running: IngestorProcess | undefined;

  beforeAll(async () => {
    sim = await startProviderSimulator({
      seed: 5,
      symbols: 100,
      today: SIM_TODAY,
      polygonRateLimit: 5,
      rateWindowMs: 1000,
    });
    db = await createTestDatabase();
    env = ingestorEnv(sim, db, {
      SEED_INITIAL_SYMBOLS: 'false',
      DATA_INGESTION_ACTIVE_SYMBOLS: SYMBOLS.join(','),
      POLYGON_RATE_LIMIT_PER_MINUTE: '2',
    });
  }, 60_000);

  afterAll(async () => {
    await running?.stop();
    await removeRedisKeys([`${env['QUEUE_PREFIX']}:*`, `${env['CACHE_KEY_PREFIX']}*`]);
    await db?.drop();
    await sim?.stop();
  }, 60_000);

  const count = async (sql: string) => Number((await db.dataSource.query(sql))[0].n);

  it('finishes without duplicates and without re-fetching finished symbols', async () => {
    running = await startIngestorProcess(env);
    const started = await httpJson('POST', `${running.url}/backfill`, {});
    expect(started.status).toBe(202);
    expect(started.body.run.calls.planned).toBe(20);
    const runId = started.body.run.id;

    await eventually(
      async () => (await httpJson('GET', `${running?.url}/backfill/runs/${runId}`)).body.calls.made >= 6,
      '6 calls done',
      60_000,
    );
    await running.kill();
    running = undefined;
    const doneAtKill = await count(`SELECT count(*) AS n FROM data_ingestion.backfill_calls WHERE status = 'done'`);
    const callsAtKill = (await polygonCalls(sim)).range;
    expect(doneAtKill).toBeGreaterThanOrEqual(6);
    expect(doneAtKill).toBeLessThan(20);
    // Worst case: Redis lost the queued jobs too. The restart must rebuild them from the run record and the ledger.
    await removeRedisKeys([`${env['QUEUE_PREFIX']}:*`]);

    running = await startIngestorProcess(env);
    const finished = await eventually(
      async () => {
        const run = (await httpJson('GET', `${running?.url}/backfill/runs/${runId}`)).body;
        return run.status === 'done' ? run : null;
      },
      'the resumed backfill to finish',
      120_000,
    );
    expect(finished.calls).toEqual({ made: 20, failed: 0, planned: 20 });

    const calls = await polygonCalls(sim);
    // One call per symbol, plus at most the one in flight when the process died.
    expect(calls.range).toBeLessThanOrEqual(21);
    expect(calls.range - callsAtKill).toBeLessThanOrEqual(20 - doneAtKill + 1);
    expect(calls.rateLimited).toBe(0);
    const sessions = (await httpJson('GET', `${running.url}/backfill/plan`)).body.sessions;
    expect(await count(`SELECT count(*) AS n FROM data_ingestion.market_data`)).toBe(20 * sessions);
    expect(await count(`SELECT count(DISTINCT (symbol, timestamp)) AS n FROM data_ingestion.market_data`)).toBe(
      20 * sessions,
    );
    expect(await count(`SELECT count(*) AS n FROM data_ingestion.symbol_data_status WHERE status = 'success'`)).toBe(
      20 * sessions,
    );
  }, 300_000);
});
