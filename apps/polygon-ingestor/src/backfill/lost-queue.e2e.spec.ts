import type { PolygonJob } from '@mdi/domain';
import { POLYGON_STACK, type ProviderStack } from '@mdi/providers';
import {
  eventually,
  removeRedisKeys,
  startProviderSimulator,
  startWebhookReceiver,
  type ProviderSimulator,
  type WebhookReceiver,
} from '@mdi/testing';
import { polygonCalls, SIM_TODAY, startIngestor, type IngestorHarness } from '../test-support/ingestor-harness';
import { StalledRunAlerts } from '../status/stalled-run-alerts.service';
import { BackfillReconciler } from './backfill-reconciler.service';
import { BackfillService } from './backfill.service';

const SYMBOLS = 20;

/**
 * Redis loses the queue in the middle of a backfill (every key of the
 * queue deleted, as a Redis restarted without its data): the run records
 * still say which calls are pending. The run must show `stalled` with the
 * reason instead of `running` with a frozen ETA, and the reconciler must
 * enqueue the lost calls again so the run completes, each call made once.
 * The reconciler's timer is set beyond the test; the test runs its round.
 */
describe('queue lost from Redis mid-backfill', () => {
  let sim: ProviderSimulator;
  let ingestor: IngestorHarness;
  let hook: WebhookReceiver;

  beforeAll(async () => {
    hook = await startWebhookReceiver();
    sim = await startProviderSimulator({
      seed: 13,
      symbols: 100,
      today: SIM_TODAY,
      polygonRateLimit: 5,
      rateWindowMs: 1000,
    });
    ingestor = await startIngestor(sim, {
      BACKFILL_RECONCILE_INTERVAL_MS: '3600000',
      BACKFILL_STALL_AFTER_MS: '1500',
      ALERT_WEBHOOK_URL: hook.url,
    });
    await sim.reset();
  }, 60_000);

  afterAll(async () => {
    await ingestor?.close();
    await sim?.stop();
    await hook?.close();
  }, 30_000);

  it('flags the run stalled, then the reconciler re-plans the lost calls and the run completes with every call made once', async () => {
    const rows: { symbol: string }[] = await ingestor.db.dataSource.query(
      `SELECT symbol FROM data_ingestion.symbols WHERE status = 'active' ORDER BY symbol LIMIT $1`,
      [SYMBOLS],
    );
    const symbols = rows.map((r) => r.symbol);
    const started = await ingestor.request('POST', '/backfill', { symbols });
    expect(started.status).toBe(202);
    const runId = started.body.run.id;
    expect(started.body.run.state).toBe('running');
    await eventually(
      async () =>
        (await ingestor.scalar(
          `SELECT count(*) FROM data_ingestion.backfill_calls WHERE run_id = $1 AND status = 'done'`,
          [runId],
        )) >= 3,
      'a few calls stored before the loss',
      30_000,
    );

    await removeRedisKeys([`${ingestor.env['QUEUE_PREFIX']}:*`]);
    const stalled = await eventually(
      async () => {
        const run = (await ingestor.request('GET', `/backfill/runs/${runId}`)).body;
        return run.state.startsWith('stalled: ') ? run : null;
      },
      'the run to be reported stalled',
      15_000,
    );
    expect(stalled.status).toBe('running');
    expect(stalled.stalled).toMatch(/^no call finished for \d+s; no queue holds its pending calls/);
    const status = (await ingestor.request('GET', '/status')).body;
    expect(status.backfill.current.state).toMatch(/^stalled: /);
    // A person is alerted once per run (the alert's key repeats only after its interval).
    const alerts = ingestor.app.get(StalledRunAlerts);
    expect(await alerts.check()).toEqual([runId]);
    expect(await alerts.check()).toEqual([runId]);
    await eventually(
      async () => hook.bodies.some((b) => b.kind === 'backfill-stalled'),
      'the stalled-run alert',
      10_000,
    );
    const delivered = hook.bodies.filter((b) => b.kind === 'backfill-stalled');
    expect(delivered).toHaveLength(1);
    expect(delivered[0]).toMatchObject({
      service: 'polygon-ingestor',
      severity: 'critical',
      key: `backfill:run:${runId}:stalled`,
      run_id: runId,
      calls_planned: SYMBOLS,
    });
    expect(delivered[0].summary).toMatch(
      new RegExp(`^backfill run #${runId} stalled: no call finished for \\d+s; no queue holds its pending calls`),
    );

    const round = await ingestor.app.get(BackfillReconciler).round();
    expect(round?.requeued).toBeGreaterThan(0);
    const done = await eventually(
      async () => {
        const run = (await ingestor.request('GET', `/backfill/runs/${runId}`)).body;
        return run.status === 'done' ? run : null;
      },
      'the run to complete after the reconciler re-planned it',
      60_000,
    );
    expect(done.state).toBe('done');
    expect(done.calls).toEqual({ made: SYMBOLS, failed: 0, planned: SYMBOLS });
    expect((await polygonCalls(sim)).range).toBe(SYMBOLS);
    const sessions = (await ingestor.request('GET', `/backfill/plan?symbols=${symbols.join(',')}`)).body.sessions;
    expect(await ingestor.scalar('SELECT count(*) FROM data_ingestion.market_data')).toBe(SYMBOLS * sessions);
    expect(
      await ingestor.scalar(`SELECT count(*) FROM data_ingestion.symbol_data_status WHERE status <> 'success'`),
    ).toBe(0);

    // This interval's lease is taken: another round (on this replica or any other) does nothing until it expires.
    expect(await ingestor.app.get(BackfillReconciler).round()).toBeNull();
  }, 120_000);

  it('a periodic round leaves queued calls to the queue; the start-up round withdraws a queued call whose cells were settled meanwhile', async () => {
    const rows: { symbol: string }[] = await ingestor.db.dataSource.query(
      `SELECT symbol FROM data_ingestion.symbols WHERE status = 'active' ORDER BY symbol OFFSET $1 LIMIT 2`,
      [SYMBOLS],
    );
    const [settledMeanwhile, stillMissing] = rows.map((r) => r.symbol);
    const queue = ingestor.app.get<ProviderStack<PolygonJob>>(POLYGON_STACK).queue.bullQueue;
    await queue.pause();
    await sim.reset();
    const started = await ingestor.request('POST', '/backfill', { symbols: [settledMeanwhile, stillMissing] });
    expect(started.status).toBe(202);
    const runId = started.body.run.id;
    // Another writer (an end-of-day, a gap repair) settles the first symbol's cells while its call waits.
    const [call] = await ingestor.db.dataSource.query(
      `SELECT job FROM data_ingestion.backfill_calls WHERE run_id = $1 AND job->>'symbol' = $2`,
      [runId, settledMeanwhile],
    );
    await ingestor.db.dataSource.query(
      `INSERT INTO data_ingestion.symbol_data_status (symbol, date, data_source, status)
       SELECT $1, d::date, 'polygon', 'success' FROM generate_series($2::date, $3::date, interval '1 day') d`,
      [settledMeanwhile, call.job.from, call.job.to],
    );

    const backfill = ingestor.app.get(BackfillService);
    expect(await backfill.resume('reconcile')).toEqual({ requeued: 0, closed: 0, queued: 2, runs: [] });
    expect(await queue.getWaitingCount()).toBe(2);
    expect(await backfill.resume('start-up')).toEqual({ requeued: 0, closed: 1, queued: 1, runs: [] });
    expect(await queue.getWaitingCount()).toBe(1);

    await queue.resume();
    const done = await eventually(
      async () => {
        const run = (await ingestor.request('GET', `/backfill/runs/${runId}`)).body;
        return run.status === 'done' ? run : null;
      },
      'the run to complete',
      30_000,
    );
    expect(done.calls).toMatchObject({ planned: 2, failed: 0 });
    // Only the symbol still missing was called for.
    expect((await polygonCalls(sim)).range).toBe(1);
  }, 60_000);
});
