import {
  createTestDatabase,
  eventually,
  startProviderSimulator,
  type ProviderSimulator,
  type TestDatabase,
} from '@mdi/testing';
import { randomBytes } from 'node:crypto';
import {
  polygonCalls,
  removeRedisKeys,
  SIM_TODAY,
  startIngestor,
  type IngestorHarness,
} from '../test-support/ingestor-harness';

const SYMBOLS = ['AAPL', 'MSFT', 'NVDA', 'AMZN', 'GOOGL', 'META'];

/**
 * The backfill at start-up (BACKFILL_ON_START, gap repair's first tick): two
 * replicas starting together on one database and one queue create one run
 * and make each planned call once; a restart with everything stored makes no call.
 */
describe('backfill at start-up', () => {
  let sim: ProviderSimulator;
  let db: TestDatabase;
  const id = randomBytes(4).toString('hex');
  const shared = {
    SEED_INITIAL_SYMBOLS: 'false',
    DATA_INGESTION_ACTIVE_SYMBOLS: SYMBOLS.join(','),
    BACKFILL_ON_START: 'true',
    // A tick that never comes during the test; 'off' would turn the start-up run off too.
    GAP_REPAIR_CRON: '0 0 0 1 1 *',
    QUEUE_PREFIX: `pi-start-${id}`,
    CACHE_KEY_PREFIX: `pi-start-${id}:`,
  };
  const replicas: IngestorHarness[] = [];

  beforeAll(async () => {
    sim = await startProviderSimulator({
      seed: 11,
      symbols: 100,
      today: SIM_TODAY,
      polygonRateLimit: 5,
      rateWindowMs: 1000,
    });
    db = await createTestDatabase();
  }, 60_000);

  afterAll(async () => {
    for (const replica of replicas) await replica.close().catch(() => undefined);
    await removeRedisKeys([`${shared.QUEUE_PREFIX}:*`, `${shared.CACHE_KEY_PREFIX}*`]);
    await db?.drop();
    await sim?.stop();
  });

  it('two replicas starting together create one run and make every planned call once', async () => {
    replicas.push(...(await Promise.all([startIngestor(sim, shared, db), startIngestor(sim, shared, db)])));
    const [first] = replicas;
    await eventually(
      async () =>
        (await first.scalar(`SELECT count(*) FROM data_ingestion.backfill_runs WHERE status <> 'running'`)) > 0,
      'the start-up run to end',
      60_000,
    );
    expect(await first.scalar('SELECT count(*) FROM data_ingestion.backfill_runs')).toBe(1);
    const sessions = await first.scalar(
      `SELECT count(DISTINCT timestamp) FROM data_ingestion.market_data WHERE symbol = 'AAPL'`,
    );
    expect(sessions).toBeGreaterThan(490);
    for (const symbol of SYMBOLS) {
      expect(await first.scalar('SELECT count(*) FROM data_ingestion.market_data WHERE symbol = $1', [symbol])).toBe(
        sessions,
      );
    }
    const calls = await polygonCalls(sim);
    expect(calls.range).toBe(SYMBOLS.length);
    expect(calls.total).toBe(SYMBOLS.length);
    const status = await first.request('GET', '/status');
    expect(status.body).toMatchObject({
      providers: 'real',
      backfill: { enabled: true, running: 0, recent: [{ status: 'done', trigger: 'gap-repair' }] },
    });
  }, 120_000);

  it('a restart with the coverage complete starts no run and makes no call', async () => {
    for (const replica of replicas.splice(0)) await replica.close();
    await sim.reset();
    const again = await startIngestor(sim, { ...shared, MDI_SIMULATED_PROVIDERS: 'true' }, db);
    replicas.push(again);
    await new Promise((resolve) => setTimeout(resolve, 2_000));
    expect(await again.scalar('SELECT count(*) FROM data_ingestion.backfill_runs')).toBe(1);
    expect((await polygonCalls(sim)).total).toBe(0);
    expect((await again.request('GET', '/status')).body.providers).toBe('simulated');
  }, 60_000);
});
