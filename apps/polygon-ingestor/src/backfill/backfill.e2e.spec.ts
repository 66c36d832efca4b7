import { polygonCalls, runEnded, SIM_TODAY } from '../test-support/ingestor-harness';
import { useIngestorWithSimulator } from '../test-support/use-ingestor-with-simulator';

/**
 * The headline test: 100 symbols x 2 years through the real queue,
 * against the simulator over HTTP, with real PostgreSQL and Redis.
 */
describe('backfill of 100 symbols x 2 years', () => {
  const { sim, ingestor } = useIngestorWithSimulator({
    seed: 7,
    symbols: 100,
    today: SIM_TODAY,
    polygonRateLimit: 5,
    rateWindowMs: 1000,
  });

  // Counts start after the ingestor's start-up calls.
  beforeAll(() => sim.reset());

  it('plans 100 range calls and shows the duration at the budget before anything runs', async () => {
    const { status, body } = await ingestor.request('GET', '/backfill/plan');
    expect(status).toBe(200);
    expect(body).toMatchObject({
      from: '2023-11-24',
      to: SIM_TODAY,
      symbols: 100,
      calls: { total: 100, groupedDaily: 0, aggregatesRange: 100 },
      budget: { calls: 4, windowMs: 1000 },
      estimatedSeconds: 25,
    });
    expect(body.missingCells).toBe(100 * body.sessions);
    expect(body.naiveCalls).toBe(100 * body.sessions);
    expect((await polygonCalls(sim)).total).toBe(0);
  });

  it('refuses bad requests with every reason', async () => {
    const { status, body } = await ingestor.request(
      'GET',
      '/backfill/plan?from=2020-01-01&to=2025-13-01&symbols=aapl,ZZZZ',
    );
    expect(status).toBe(400);
    expect(body.reasons).toEqual([
      'symbols[0] "aapl" must be upper case',
      'to must be a YYYY-MM-DD date, got "2025-13-01"',
    ]);
    const unknown = await ingestor.request('POST', '/backfill', { symbols: ['ZZZZ'], from: '2020-01-01' });
    expect(unknown.status).toBe(400);
    expect(unknown.body.reasons).toEqual([
      "from 2020-01-01 is older than the 2023-11-24 Polygon's plan serves (its history starts there)",
    ]);
    const inactive = await ingestor.request('POST', '/backfill', { symbols: ['ZZZZ'] });
    expect(inactive.body.reasons).toEqual(['ZZZZ is not an active symbol of the universe (add or activate it first)']);
    expect((await ingestor.request('POST', '/backfill', ['AAPL'])).body.reasons).toEqual([
      'body must be a JSON object, got an array',
    ]);
  });

  it('stores every expected bar exactly once with <= 100 calls and no 429, and reports progress', async () => {
    const started = await ingestor.request('POST', '/backfill', {});
    expect(started.status).toBe(202);
    const runId = started.body.run.id;
    expect(started.body.run).toMatchObject({ status: 'running', calls: { planned: 100 } });

    const status = await ingestor.request('GET', '/status');
    expect(status.body.backfill.current).toMatchObject({ id: runId, calls: { planned: 100 } });

    const done = await runEnded(ingestor, runId);
    expect(done.status).toBe('done');
    expect(done).toMatchObject({ calls: { made: 100, planned: 100 }, percent: 100, etaSeconds: 0 });
    expect(done.cells.done).toBe(done.cells.total);

    const calls = await polygonCalls(sim);
    expect(calls.total).toBeLessThanOrEqual(100);
    expect(calls.range).toBe(100);
    expect(calls.rateLimited).toBe(0);

    const sessions = (await ingestor.request('GET', '/backfill/plan')).body.sessions;
    expect(await ingestor.scalar('SELECT count(*) FROM data_ingestion.market_data')).toBe(100 * sessions);
    expect(await ingestor.scalar('SELECT count(DISTINCT (symbol, timestamp)) FROM data_ingestion.market_data')).toBe(
      100 * sessions,
    );
    expect(
      await ingestor.scalar(`SELECT count(*) FROM data_ingestion.symbol_data_status WHERE status = 'success'`),
    ).toBe(100 * sessions);
    expect(
      await ingestor.scalar(`SELECT count(*) FROM data_ingestion.symbol_data_status WHERE status <> 'success'`),
    ).toBe(0);
  }, 120_000);

  it('finds nothing left to fetch afterwards: a second backfill makes no call', async () => {
    await sim.reset();
    const plan = await ingestor.request('GET', '/backfill/plan');
    expect(plan.body.calls.total).toBe(0);
    const again = await ingestor.request('POST', '/backfill', {});
    expect(again.body.run).toMatchObject({ status: 'done', calls: { planned: 0 } });
    expect((await polygonCalls(sim)).total).toBe(0);
  });

  it('shows budget, queue and universe in /status and bars in /metrics', async () => {
    const { body } = await ingestor.request('GET', '/status');
    expect(body).toMatchObject({
      service: 'polygon-ingestor',
      universe: { total: 100, active: 100, suspended: 0, delisted: 0 },
      endOfDay: { lastDate: SIM_TODAY, lastPublishedSession: SIM_TODAY },
      backfill: { enabled: true, running: 0 },
      budget: { callsPerWindow: 4, windowMs: 1000 },
      circuit: 'closed',
    });
    const metrics = await ingestor.request('GET', '/metrics');
    expect(metrics.body).toMatch(/mdi_bars_ingested_total\{source="polygon",outcome="inserted"\} \d{5}/);
    expect(metrics.body).toContain('mdi_ingestion_duration_seconds_count{kind="aggregates-range"} 100');
  });
});
