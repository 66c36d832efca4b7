import type { PolygonJob } from '@mdi/domain';
import { POLYGON_STACK, type ProviderStack } from '@mdi/providers';
import {
  createTestDatabase,
  eventually,
  startProviderSimulator,
  startTcpProxy,
  startWebhookReceiver,
  type ProviderSimulator,
  type TcpProxy,
  type TestDatabase,
  type WebhookReceiver,
} from '@mdi/testing';
import { polygonCalls, SIM_TODAY, startIngestor, type IngestorHarness } from '../test-support/ingestor-harness';

const SYMBOLS = 20;

/**
 * PostgreSQL becomes unreachable in the middle of a backfill (the ingestor
 * reaches it through a TCP relay that the test cuts; the shared server never
 * stops). The provider queue must pause instead of calling Polygon for
 * answers it cannot store, keep the answer it fetched just before the cut,
 * spend no attempt, and finish the run by itself once storage is back: every
 * Polygon call made exactly once.
 */
describe('PostgreSQL unreachable mid-backfill', () => {
  let sim: ProviderSimulator;
  let db: TestDatabase;
  let relay: TcpProxy;
  let ingestor: IngestorHarness;
  let hook: WebhookReceiver;

  beforeAll(async () => {
    sim = await startProviderSimulator({
      seed: 11,
      symbols: 100,
      today: SIM_TODAY,
      polygonRateLimit: 5,
      rateWindowMs: 1000,
    });
    db = await createTestDatabase();
    relay = await startTcpProxy(new URL(db.url).port === '' ? 5432 : Number(new URL(db.url).port));
    const throughRelay = new URL(db.url);
    throughRelay.port = String(relay.port);
    hook = await startWebhookReceiver();
    // One retry only: an outage that spent attempts would fail jobs for good within seconds.
    ingestor = await startIngestor(
      sim,
      {
        DATABASE_URL: throughRelay.toString(),
        DATA_INGESTION_MAX_RETRIES: '1',
        ALERT_WEBHOOK_URL: hook.url,
        ALERT_AFTER_MS: '2000',
      },
      db,
    );
    await sim.reset();
  }, 60_000);

  afterAll(async () => {
    await relay?.restore().catch(() => undefined);
    await ingestor?.close();
    await relay?.close();
    await db?.drop();
    await sim?.stop();
    await hook?.close();
  }, 30_000);

  it('pauses the queue while storage is away, makes no call it cannot store, and completes the run exactly once', async () => {
    const rows: { symbol: string }[] = await db.dataSource.query(
      `SELECT symbol FROM data_ingestion.symbols WHERE status = 'active' ORDER BY symbol LIMIT $1`,
      [SYMBOLS],
    );
    const symbols = rows.map((r) => r.symbol);
    const started = await ingestor.request('POST', '/backfill', { symbols });
    expect(started.status).toBe(202);
    const runId = started.body.run.id;
    expect(started.body.run.calls.planned).toBe(SYMBOLS);
    const callsDone = () =>
      ingestor.scalar(`SELECT count(*) FROM data_ingestion.backfill_calls WHERE run_id = $1 AND status = 'done'`, [
        runId,
      ]);
    await eventually(async () => (await callsDone()) >= 3, 'a few calls stored before the outage', 30_000);

    await relay.cut();
    const callsAtCut = (await polygonCalls(sim)).range;
    const queue = ingestor.app.get<ProviderStack<PolygonJob>>(POLYGON_STACK).queue;
    const pause = await eventually(() => queue.currentPause(), 'the queue to pause for storage', 10_000);
    expect(pause.reason).toMatch(/^storage unavailable \(PostgreSQL unreachable: /);
    // At the budget (4 per second) the outage would have cost ~24 calls; at most the one in flight is made.
    await new Promise((resolve) => setTimeout(resolve, 6_000));
    const callsDuringOutage = (await polygonCalls(sim)).range - callsAtCut;
    expect(callsDuringOutage).toBeLessThanOrEqual(1);
    expect((await queue.bullQueue.getJobCounts('failed')).failed).toBe(0);
    // Down for longer than ALERT_AFTER_MS: a person is alerted once, through the webhook and the metric.
    const alert = await eventually(
      async () => hook.bodies.find((b) => b.kind === 'storage-unreachable'),
      'the storage alert',
      10_000,
    );
    expect(alert).toMatchObject({
      service: 'polygon-ingestor',
      severity: 'critical',
      key: 'polygon:storage',
      provider: 'polygon',
    });
    expect(alert.summary).toMatch(
      /^storage unreachable for \d+ s: the polygon queue is paused \(PostgreSQL unreachable: /,
    );
    expect((await ingestor.request('GET', '/metrics')).body).toMatch(
      /mdi_alerts_total\{kind="storage-unreachable",severity="critical"\} 1/,
    );

    await relay.restore();
    const done = await eventually(
      async () => {
        const run = (await ingestor.request('GET', `/backfill/runs/${runId}`)).body;
        return run.status === 'done' ? run : null;
      },
      'the run to complete after storage is back',
      60_000,
    );
    expect(done.calls).toEqual({ made: SYMBOLS, failed: 0, planned: SYMBOLS });

    // Every call exactly once: the answer fetched during the cut was kept and stored, not fetched again.
    expect((await polygonCalls(sim)).range).toBe(SYMBOLS);
    const sessions = (await ingestor.request('GET', `/backfill/plan?symbols=${symbols.join(',')}`)).body.sessions;
    expect(await ingestor.scalar('SELECT count(*) FROM data_ingestion.market_data')).toBe(SYMBOLS * sessions);
    expect(
      await ingestor.scalar(`SELECT count(*) FROM data_ingestion.symbol_data_status WHERE status = 'success'`),
    ).toBe(SYMBOLS * sessions);
    expect(
      await ingestor.scalar(`SELECT count(*) FROM data_ingestion.symbol_data_status WHERE status <> 'success'`),
    ).toBe(0);
    const jobs = await queue.bullQueue.getJobs(['completed']);
    expect(jobs.map((j) => j.attemptsMade).filter((n) => n > 1)).toEqual([]);
    expect(await queue.currentPause()).toBeNull();
    expect(hook.bodies.filter((b) => b.kind === 'storage-unreachable')).toHaveLength(1);
  }, 120_000);
});
