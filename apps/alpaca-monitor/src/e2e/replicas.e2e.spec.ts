import { QueueName } from '@mdi/domain';
import {
  eventually,
  startProviderSimulator,
  createTestDatabase,
  type ProviderSimulator,
  type TestDatabase,
} from '@mdi/testing';
import { Queue } from 'bullmq';
import { randomBytes } from 'node:crypto';
import { WatermarkName } from '../monitoring/monitor-lanes';
import { startMonitorProcess, type MonitorProcess } from '../test-support/monitor-process';
import { removeRedisKeys } from '../test-support/redis-cleanup';
import { monitorEnv, SIM_KEY, simulatedFills } from '../test-support/simulated-fills';

jest.setTimeout(180_000);

/**
 * Two monitor processes against the simulator, one database and one Redis:
 * the deployment shape. Every assertion reads real rows or real HTTP answers.
 */
describe('alpaca-monitor replicas (processes, simulator, PostgreSQL, Redis)', () => {
  const prefix = `am-e2e-${randomBytes(4).toString('hex')}`;
  let sim: ProviderSimulator;
  let db: TestDatabase;
  let env: Record<string, string>;
  let replicas: MonitorProcess[] = [];

  const storedFills = async (): Promise<{ total: number; distinct: number; ids: string[] }> => {
    const rows: { id: string }[] = await db.dataSource.query(`SELECT id FROM data_ingestion.fills ORDER BY id`);
    return { total: rows.length, distinct: new Set(rows.map((r) => r.id)).size, ids: rows.map((r) => r.id) };
  };
  /** Resolves once every fill the simulator holds is stored; fails on a duplicate at any moment. */
  const allFillsStored = async (what: string, timeoutMs = 60_000) => {
    const expected = (await simulatedFills(sim)).map((f) => f['id']).sort();
    await eventually(
      async () => {
        const stored = await storedFills();
        expect(stored.total).toBe(stored.distinct);
        return stored.total === expected.length && stored.ids.join() === expected.join();
      },
      what,
      timeoutMs,
    );
    return expected;
  };

  beforeAll(async () => {
    sim = await startProviderSimulator({ symbols: 120, alpacaKeys: [SIM_KEY], alpacaRateLimit: 0 });
    db = await createTestDatabase();
    env = monitorEnv({ databaseUrl: db.url, alpacaUrl: sim.url, prefix });
    replicas = await Promise.all([startMonitorProcess(env), startMonitorProcess(env)]);
  }, 180_000);

  afterAll(async () => {
    await Promise.all(replicas.map((r) => r.stop()));
    await sim?.stop();
    await db?.drop();
    await removeRedisKeys(prefix);
  });

  it('stores every simulated fill exactly once with two replicas polling, and the stored prices are the simulator strings', async () => {
    await allFillsStored('the initial history');
    for (let batch = 0; batch < 3; batch++) {
      await sim.addAlpacaFills(10);
      await new Promise((resolve) => setTimeout(resolve, 700));
    }
    await allFillsStored('30 new fills');

    const answer = await replicas[1].get('/fills?limit=10000');
    const byId = new Map((await simulatedFills(sim)).map((f) => [f['id'], f]));
    expect(answer.body.count).toBe(byId.size);
    for (const fill of answer.body.fills) {
      const source = byId.get(fill.id);
      expect([fill.price, fill.qty, fill.cumQty, fill.leavesQty, fill.type]).toEqual([
        source?.['price'],
        source?.['qty'],
        source?.['cum_qty'],
        source?.['leaves_qty'],
        source?.['type'],
      ]);
    }
    // Both replicas worked the shared queue (which one takes a given job is up to BullMQ),
    // yet nothing was stored twice.
    for (const replica of replicas) {
      const metrics = (await replica.get('/metrics')).body as string;
      expect(metrics).toMatch(
        /mdi_provider_api_calls_total\{provider="alpaca",endpoint="[a-z-]+",status="200"\} [1-9]/,
      );
    }
  });

  it('handles partial fills: per order the fills add up to its filled quantity, and its status history shows the steps', async () => {
    // Orders catch up one slot after their fills.
    const mismatches = async () =>
      db.dataSource.query(`
        SELECT o.id, o.filled_qty::text AS filled, coalesce(sum(f.qty), 0)::text AS fills
          FROM data_ingestion.orders o LEFT JOIN data_ingestion.fills f ON f.order_id = o.id
         GROUP BY o.id, o.filled_qty HAVING o.filled_qty <> coalesce(sum(f.qty), 0)`);
    await eventually(async () => (await mismatches()).length === 0, 'orders to match their fills', 30_000);
    const partial: { order_id: string }[] = await db.dataSource.query(
      `SELECT order_id FROM data_ingestion.fills WHERE type = 'partial_fill' AND order_id IN
         (SELECT id FROM data_ingestion.orders WHERE status = 'filled') LIMIT 1`,
    );
    expect(partial).toHaveLength(1);
    const history = await replicas[0].get(`/orders/history?order_id=${partial[0].order_id}`);
    const statuses = history.body.statuses.map((s: { status: string }) => s.status);
    expect(statuses).toContain('partially_filled');
    expect(statuses[statuses.length - 1]).toBe('filled');
    const fills = await replicas[0].get(`/fills?order_id=${partial[0].order_id}`);
    expect(fills.body.fills.map((f: { type: string }) => f.type)).toContain('partial_fill');
  });

  it('misses nothing when more fills than one page (100) arrive between two polls', async () => {
    const before = (await storedFills()).total;
    await sim.addAlpacaFills(250);
    const expected = await allFillsStored('250 fills added at once', 90_000);
    expect(expected.length).toBe(before + 250);
  });

  it('resumes from the watermark after SIGKILL of both replicas: nothing missed, nothing doubled', async () => {
    await Promise.all(replicas.map((r) => r.kill()));
    const mark = (
      await db.dataSource.query(`SELECT value FROM data_ingestion.monitor_watermarks WHERE name = $1`, [
        WatermarkName.fills,
      ])
    )[0]?.value;
    expect(typeof mark).toBe('string');
    const before = (await storedFills()).total;
    await sim.addAlpacaFills(40); // while no monitor runs
    replicas = await Promise.all([startMonitorProcess(env), startMonitorProcess(env)]);
    await sim.addAlpacaFills(15);
    const expected = await allFillsStored('fills made while down and after the restart', 90_000);
    expect(expected.length).toBe(before + 55);
    // The first listing after the restart started at the stored watermark, not at the beginning of the history.
    const queue = new Queue(QueueName.AlpacaCalls, { connection: { url: env['REDIS_URL'] }, prefix });
    try {
      const ids = (await queue.getJobs(['completed'], 0, -1)).map((job) => job.id ?? '');
      expect(ids.some((id) => id.startsWith(`fills|page=${encodeURIComponent(mark)}|@`))).toBe(true);
    } finally {
      await queue.close();
    }
    // The watermark passes a fill once it is older than the visibility lag (5 s).
    await eventually(
      async () => (await replicas[0].get('/status')).body.watermarks.fillsAfterId > mark,
      'the fills watermark to move past the one stored before the kill',
      20_000,
    );
  });
});
