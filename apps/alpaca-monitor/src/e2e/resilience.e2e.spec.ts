import {
  createTestDatabase,
  eventually,
  startProviderSimulator,
  startTcpProxy,
  type ProviderSimulator,
  type TcpProxy,
  type TestDatabase,
} from '@mdi/testing';
import { randomBytes } from 'node:crypto';
import { startMonitorProcess, type MonitorProcess } from '../test-support/monitor-process';
import { removeRedisKeys } from '../test-support/redis-cleanup';
import { monitorEnv, SIM_KEY } from '../test-support/simulated-fills';

jest.setTimeout(180_000);

/** One monitor process whose only way to the simulator is a TCP proxy the test can cut. */
describe('alpaca-monitor resilience (process, simulator behind a proxy)', () => {
  const prefix = `am-e2e-${randomBytes(4).toString('hex')}`;
  let sim: ProviderSimulator;
  let proxy: TcpProxy;
  let db: TestDatabase;
  let monitor: MonitorProcess;

  const snapshots = async (): Promise<number> =>
    Number((await db.dataSource.query(`SELECT count(*) AS n FROM data_ingestion.account_snapshots`))[0].n);

  beforeAll(async () => {
    // A limit far above our budget, so every answer carries X-RateLimit-* headers.
    sim = await startProviderSimulator({ symbols: 120, alpacaKeys: [SIM_KEY], alpacaRateLimit: 100_000 });
    proxy = await startTcpProxy(sim.port);
    db = await createTestDatabase();
    monitor = await startMonitorProcess(
      monitorEnv({ databaseUrl: db.url, alpacaUrl: `http://127.0.0.1:${proxy.port}`, prefix }),
    );
    await eventually(
      async () => (await monitor.get('/status')).body.stale === false,
      'the first complete poll',
      30_000,
    );
  }, 180_000);

  afterAll(async () => {
    await monitor?.stop();
    await proxy?.close();
    await sim?.stop();
    await db?.drop();
    await removeRedisKeys(prefix);
  });

  it('says in /status that it uses a paper endpoint, and how many calls the current window holds', async () => {
    const status = await monitor.get('/status');
    expect(status.body.trading).toEqual({ mode: 'paper', endpoint: `http://127.0.0.1:${proxy.port}` });
    expect(status.body.monitoring).toBe('enabled');
    expect(status.body.calls.usedInCurrentWindow).toBeGreaterThan(0);
    expect(status.body.calls.providerLimit).toBe(100_000);
    expect(monitor.output()).not.toContain(SIM_KEY.secret);
  });

  it('refuses malformed account, position and order payloads with reasons, keeps the last good state and stays up', async () => {
    const good = (await monitor.get('/account')).body;
    await sim.faults([
      {
        kind: 'malformed-rows',
        provider: 'alpaca',
        endpoint: 'alpaca.account',
        variant: 'garbage',
        field: 'equity',
        count: 2,
      },
      {
        kind: 'malformed-rows',
        provider: 'alpaca',
        endpoint: 'alpaca.positions',
        variant: 'wrong-type',
        field: 'market_value',
        count: 2,
      },
      { kind: 'missing-fields', provider: 'alpaca', endpoint: 'alpaca.orders', field: 'filled_qty', count: 4 },
    ]);
    const lanes = await eventually(
      async () => {
        const recent: { lane: string; reasons: string[] }[] = (await monitor.get('/status')).body.rejections.recent;
        const seen = new Set(recent.map((r) => r.lane));
        return ['account', 'positions'].every((lane) => seen.has(lane)) &&
          (seen.has('orders') || seen.has('open-orders'))
          ? recent
          : null;
      },
      'each refusal to be reported',
      30_000,
    );
    const reasons = lanes.flatMap((r) => r.reasons).join('\n');
    expect(reasons).toMatch(/equity/);
    expect(reasons).toMatch(/market_value/);
    expect(reasons).toMatch(/filled_qty/);
    // Logged too, with the reasons, at warn level.
    expect(monitor.output()).toMatch(/"msg":"provider rows rejected"/);
    // Nothing malformed was stored: every stored value is still a number.
    expect(
      await db.dataSource.query(`SELECT count(*)::int AS n FROM data_ingestion.account_snapshots WHERE equity IS NULL`),
    ).toEqual([{ n: 0 }]);
    expect((await monitor.get('/health/live')).status).toBe(200);
    expect((await monitor.get('/account')).body.equity).toBe(good.equity);
    // Once the faults are spent, polling goes on.
    const count = await snapshots();
    await eventually(async () => (await snapshots()) > count + 1, 'new snapshots after the faults', 30_000);
  });

  it('during an outage serves the last known state, marks it stale, opens the circuit; recovers by itself', async () => {
    await proxy.cut();
    try {
      const stale = await eventually(
        async () => {
          const status = await monitor.get('/status');
          // Lanes go stale one by one as their last success ages; wait for the account lane.
          return status.body.stale === true && status.body.staleLanes.includes('account') ? status.body : null;
        },
        '/status to report the account as stale',
        30_000,
      );
      expect(stale.staleLanes).toContain('account');
      const ready = await eventually(
        async () => {
          const answer = await monitor.get('/health/ready');
          return answer.status === 503 && answer.body.error?.alpaca?.circuit === 'open' ? answer : null;
        },
        'readiness to show the open circuit',
        30_000,
      );
      expect(ready.body.error.alpaca.message).toMatch(/circuit is open/);
      expect(ready.body.info.postgres.status).toBe('up');
      // The last known state stays readable.
      const account = await monitor.get('/account');
      expect(account.status).toBe(200);
      expect(account.body.status).toBe('ACTIVE');
      expect((await monitor.get('/positions')).body.count).toBeGreaterThan(0);
    } finally {
      await proxy.restore();
    }
    const restoredAt = Date.now();
    await eventually(async () => (await monitor.get('/health/ready')).status === 200, 'readiness to recover', 60_000);
    const fresh = await eventually(
      async () => {
        const status = await monitor.get('/status');
        return status.body.stale === false && Date.parse(status.body.lanes.account.lastSuccess) > restoredAt
          ? status.body
          : null;
      },
      'fresh polls after the outage',
      60_000,
    );
    expect(fresh.circuit.state).toBe('closed');
    expect(Date.parse((await monitor.get('/account')).body.capturedAt)).toBeGreaterThan(restoredAt);
  });
});
