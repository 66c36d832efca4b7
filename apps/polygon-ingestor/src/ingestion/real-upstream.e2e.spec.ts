import { eventually, startProviderSimulator, type ProviderSimulator } from '@mdi/testing';
import { runCli } from '../cli/ingestor-cli';
import { progressLine } from '../cli/progress-bar';
import { polygonCalls, SIM_TODAY, startIngestor, type IngestorHarness } from '../test-support/ingestor-harness';

const UNIVERSE = ['AAPL', 'AMZN', 'GOOGL', 'MSFT', 'NVDA'];
/** The five sessions an end-of-day tick on SIM_TODAY (Monday 2025-11-24) catches up. */
const OUTAGE_SESSIONS = ['2025-11-18', '2025-11-19', '2025-11-20', '2025-11-21', '2025-11-24'];
/** The next five sessions (Thanksgiving is closed, its Friday an early close). */
const QUIET_SESSIONS = ['2025-11-25', '2025-11-26', '2025-11-28', '2025-12-01', '2025-12-02'];

/**
 * Upstreams that behave like the real Polygon rather than a clean
 * simulator: empty answers for whole sessions, a symbol that stops trading
 * for a while, paging that never ends, identical requests on several
 * replicas, a 429 without Retry-After. All over real HTTP; every figure is
 * the simulator's own call count.
 */
describe('real upstream behaviour', () => {
  let sim: ProviderSimulator;
  let ingestor: IngestorHarness;

  const ledger = (dates: readonly string[]) =>
    ingestor.db.dataSource.query(
      `SELECT status, count(*)::int AS cells FROM data_ingestion.symbol_data_status WHERE date = ANY($1::date[]) GROUP BY status ORDER BY status`,
      [dates],
    ) as Promise<{ status: string; cells: number }[]>;
  const runOf = async (id: number) => (await ingestor.request('GET', `/backfill/runs/${id}`)).body;
  const finished = (id: number) =>
    eventually(
      async () => {
        const run = await runOf(id);
        return run.status === 'running' ? null : run;
      },
      `run ${id} to end`,
      60_000,
    );

  beforeAll(async () => {
    sim = await startProviderSimulator({ seed: 7, symbols: 100, today: SIM_TODAY, polygonRateLimit: 0 });
    ingestor = await startIngestor(sim, {
      SEED_INITIAL_SYMBOLS: 'false',
      DATA_INGESTION_ACTIVE_SYMBOLS: UNIVERSE.join(','),
      POLYGON_RATE_LIMIT_PER_MINUTE: '20',
      EMPTY_ANSWER_RETRY_MS: '300',
      EOD_CATCHUP_SESSIONS: '5',
      POLYGON_MAX_PAGES_PER_LISTING: '6',
    });
    const history = await ingestor.request('POST', '/backfill', { from: '2025-10-01', to: '2025-11-17' });
    expect(history.status).toBe(202);
    expect((await finished(history.body.run.id)).status).toBe('done');
  }, 90_000);

  afterAll(async () => {
    await ingestor?.close();
    await sim?.stop();
  });

  it('an upstream that answers empty for five sessions, then recovers: cells not available, retried, filled; nobody delisted', async () => {
    await sim.reset();
    await sim.faults([{ kind: 'empty-result', endpoint: 'polygon.aggs.grouped' }]);
    const tick = await ingestor.request('POST', '/operations/end-of-day');
    expect(tick.body.enqueued.map((e: { date: string }) => e.date)).toEqual(OUTAGE_SESSIONS);

    // Each session asked at least twice while the outage lasts: every cell not available, none "did not trade".
    await eventually(
      async () => (await polygonCalls(sim)).grouped >= 2 * OUTAGE_SESSIONS.length,
      'two empty answers per session',
      30_000,
    );
    expect(await ledger(OUTAGE_SESSIONS)).toEqual([{ status: 'not_available', cells: 25 }]);
    const [reason] = await ingestor.db.dataSource.query(
      `SELECT error_message FROM data_ingestion.symbol_data_status WHERE status = 'not_available' LIMIT 1`,
    );
    expect(reason.error_message).toMatch(/^grouped daily answer for trading session 2025-11-\d\d was empty/);
    const emptyAnswers = (await polygonCalls(sim)).grouped;

    await sim.clearFaults();
    await eventually(
      async () =>
        (await ledger(OUTAGE_SESSIONS))[0]?.cells === 25 && (await ledger(OUTAGE_SESSIONS))[0].status === 'success',
      'every cell filled',
      30_000,
    );
    const calls = await polygonCalls(sim);
    expect(await ingestor.scalar(`SELECT count(*) FROM data_ingestion.symbols WHERE status <> 'active'`)).toBe(0);
    expect(await ingestor.scalar(`SELECT count(*) FROM data_ingestion.delisted_symbols`)).toBe(0);
    expect(calls.byEndpoint['polygon.ticker-details'] ?? 0).toBe(0);
    // One successful grouped call per session, plus the empty ones counted during (and just after) the outage.
    expect(calls.grouped).toBeGreaterThanOrEqual(emptyAnswers + OUTAGE_SESSIONS.length);
    expect(calls.total).toBe(calls.grouped);
    expect(
      await ingestor.scalar(
        `SELECT count(*) FROM data_ingestion.market_data WHERE (timestamp AT TIME ZONE 'America/New_York')::date = ANY($1::date[])`,
        [OUTAGE_SESSIONS],
      ),
    ).toBe(25);
  }, 60_000);

  it('a symbol absent for five sessions is suspected; Polygon lists it active, so it stays active with its gaps visible (one reference call)', async () => {
    await sim.reset();
    ingestor.clock.set(new Date('2025-12-03T01:00:00Z')); // 2025-12-02 20:00 ET
    await sim.configure({ now: '2025-12-03T01:00:00Z' });
    await sim.faults([{ kind: 'empty-result', endpoint: 'polygon.aggs.grouped', ticker: 'MSFT' }]);
    const tick = await ingestor.request('POST', '/operations/end-of-day');
    expect(tick.body.enqueued.map((e: { date: string }) => e.date)).toEqual(QUIET_SESSIONS);
    await eventually(
      async () => (await polygonCalls(sim)).byEndpoint['polygon.ticker-details'] === 1,
      'the reference lookup',
      30_000,
    );
    await eventually(
      async () =>
        (await ingestor.scalar(
          `SELECT count(*) FROM data_ingestion.reference_tickers WHERE symbol = 'MSFT' AND active AND checked_through = '2025-12-02'`,
        )) === 1,
      'the refutation to be recorded',
    );
    expect((await ingestor.request('GET', '/symbols/MSFT')).body.status).toBe('active');
    const msft = await ingestor.db.dataSource.query(
      `SELECT date::text AS date, status FROM data_ingestion.symbol_data_status WHERE symbol = 'MSFT' AND date = ANY($1::date[]) ORDER BY date`,
      [QUIET_SESSIONS],
    );
    expect(msft).toEqual(QUIET_SESSIONS.map((date) => ({ date, status: 'no_data' })));
    expect(await polygonCalls(sim)).toMatchObject({ total: 6, grouped: 5 });
  }, 60_000);

  it('a next_url that repeats forever ends the run partial, with the reason and the failed cells; the other symbol is stored', async () => {
    await sim.reset();
    await sim.faults([{ kind: 'next-url', variant: 'repeat', endpoint: 'polygon.aggs.range', ticker: 'AAPL' }]);
    const started = await ingestor.request('POST', '/backfill', {
      symbols: ['AAPL', 'MSFT'],
      from: '2025-09-02',
      to: '2025-09-30',
    });
    expect(started.body.run.calls.planned).toBe(2);
    const run = await finished(started.body.run.id);
    expect(run).toMatchObject({
      status: 'partial',
      calls: { made: 1, failed: 1, planned: 2 },
      failureReason:
        '1 of 2 calls failed; first: aggregates-range|AAPL|2025-09-02|2025-09-30|unadjusted: paging stopped: next_url of page 2 repeats page 2',
      failedCalls: [
        {
          jobId: 'aggregates-range|AAPL|2025-09-02|2025-09-30|unadjusted',
          error: 'paging stopped: next_url of page 2 repeats page 2',
        },
      ],
    });
    const cells = await ingestor.db.dataSource.query(
      `SELECT symbol, status, count(*)::int AS cells FROM data_ingestion.symbol_data_status WHERE date BETWEEN '2025-09-02' AND '2025-09-30' GROUP BY symbol, status ORDER BY symbol`,
    );
    // AAPL's bars of the two pages are stored; the listing is still called incomplete, so nothing says "no trade".
    expect(cells).toEqual([
      { symbol: 'AAPL', status: 'success', cells: 21 },
      { symbol: 'MSFT', status: 'success', cells: 21 },
    ]);
    expect(await polygonCalls(sim)).toMatchObject({ range: 3 });
  }, 60_000);

  it('the CLI follows an endless listing to its verdict and exits 1, naming the failed call', async () => {
    await sim.reset();
    await sim.faults([{ kind: 'next-url', variant: 'endless', endpoint: 'polygon.aggs.range', ticker: 'GOOGL' }]);
    let stdout = '';
    let stderr = '';
    const io = {
      out: (t: string) => void (stdout += `${t}\n`),
      err: (t: string) => void (stderr += `${t}\n`),
      tty: false,
    };
    const code = await runCli(
      ['backfill', 'run', '--symbols', 'GOOGL', '--from', '2025-06-02', '--to', '2025-06-30', '--interval-ms', '100'],
      { INGESTOR_URL: ingestor.baseUrl, INTERNAL_API_TOKEN: ingestor.env['INTERNAL_API_TOKEN'] },
      io,
    );
    expect(code).toBe(1);
    const call = 'aggregates-range|GOOGL|2025-06-02|2025-06-30|unadjusted';
    const reason = 'paging stopped: the listing went past 6 pages';
    expect(stdout.trimEnd().split('\n').pop()).toMatch(/calls 0\/1 \(1 failed\) {2}failed$/);
    expect(stderr.replace(/^run \d+/, 'run N')).toBe(
      `run N failed: 1 of 1 calls failed; first: ${call}: ${reason}\n  - ${call}: ${reason}\n`,
    );
    // Every page the endless listing served was a call the budget paid for; the cap bounds them.
    expect((await polygonCalls(sim)).range).toBe(6);
  }, 30_000);

  it('the same request sent to three replicas at once gives one run, returned to all three', async () => {
    const replicas = await Promise.all(
      [1, 2].map(() => startIngestor(sim, { ...sharedWith(ingestor), RUN_WORKER: 'false' }, ingestor.db)),
    );
    try {
      await sim.reset();
      // The one call is held, so the run is still running when the slowest replica's request arrives.
      await sim.faults([
        { kind: 'latency', latencyMs: 5_000, endpoint: 'polygon.aggs.range', ticker: 'NVDA', count: 1 },
      ]);
      const request = { symbols: ['NVDA'], from: '2025-08-01', to: '2025-08-29' };
      const answers = await Promise.all(
        [ingestor, ...replicas].map((app) => app.request('POST', '/backfill', request)),
      );
      expect(answers.map((a) => a.status)).toEqual([202, 202, 202]);
      expect(new Set(answers.map((a) => a.body.run.id)).size).toBe(1);
      expect(answers.filter((a) => a.body.joined === false)).toHaveLength(1);
      await finished(answers[0].body.run.id);
      expect(
        await ingestor.scalar(`SELECT count(*) FROM data_ingestion.backfill_runs WHERE from_date = '2025-08-01'`),
      ).toBe(1);
      expect(await polygonCalls(sim)).toMatchObject({ total: 1, range: 1 });
    } finally {
      for (const replica of replicas) await replica.app.close();
    }
  }, 60_000);

  it('a 429 without Retry-After pauses the queue for the rate window, and the run says so while it waits', async () => {
    await sim.reset();
    await sim.faults([{ kind: 'rate-limit', noRetryAfter: true, provider: 'polygon', count: 1 }]);
    const started = await ingestor.request('POST', '/backfill', {
      symbols: ['AMZN'],
      from: '2025-07-01',
      to: '2025-07-31',
    });
    const waiting = await eventually(
      async () => (await runOf(started.body.run.id)).waiting,
      'the run to report the pause',
      10_000,
    );
    expect(waiting).toMatch(/^queue paused: polygon answered 429 \(rate limited\); resumes in /);
    expect(progressLine({ ...(await runOf(started.body.run.id)), waiting })).toContain(`waiting: ${waiting}`);
    expect((await finished(started.body.run.id)).status).toBe('done');
    expect(await polygonCalls(sim)).toMatchObject({ range: 2, rateLimited: 1 });
  }, 30_000);
});

/** A second replica of the same deployment: same queue and cache prefixes. */
function sharedWith(app: IngestorHarness): Record<string, string> {
  return {
    QUEUE_PREFIX: app.env['QUEUE_PREFIX'],
    CACHE_KEY_PREFIX: app.env['CACHE_KEY_PREFIX'],
    SEED_INITIAL_SYMBOLS: 'false',
    DATA_INGESTION_ACTIVE_SYMBOLS: UNIVERSE.join(','),
    CLOCK_FIXED_AT: app.clock.now().toISOString(),
  };
}
