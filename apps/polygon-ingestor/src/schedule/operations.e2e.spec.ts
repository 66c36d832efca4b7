import { eventually } from '@mdi/testing';
import { polygonCalls, SIM_EVENING, SIM_TODAY } from '../test-support/ingestor-harness';
import { useIngestorWithSimulator } from '../test-support/use-ingestor-with-simulator';

/** POST /operations/*: end-of-day of one date, reference sync, gap repair, corporate actions, against the simulator. */
describe('operations endpoints', () => {
  // Configured extras enter the universe without a name or exchange.
  const { sim, ingestor } = useIngestorWithSimulator(
    { seed: 4, symbols: 100, today: SIM_TODAY, polygonRateLimit: 5, rateWindowMs: 1000 },
    {
      SEED_INITIAL_SYMBOLS: 'false',
      DATA_INGESTION_ACTIVE_SYMBOLS: 'AAPL,MSFT,NVDA',
      ENABLE_HISTORICAL_BACKFILL: 'true',
    },
  );

  const settledOn = (date: string) =>
    ingestor.scalar(
      `SELECT count(*) FROM data_ingestion.symbol_data_status WHERE date = $1 AND status IN ('success', 'no_data')`,
      [date],
    );

  it.each([
    ['2025-13-01', 'date must be a YYYY-MM-DD date, got "2025-13-01"'],
    ['2025-11-25', 'date 2025-11-25 is in the future (today is 2025-11-24 in New York)'],
    [
      '2020-01-02',
      "date 2020-01-02 is older than 2023-11-24, where the history Polygon's plan serves starts (POLYGON_HISTORY_YEARS)",
    ],
    ['2025-11-22', 'date 2025-11-22 is not a trading session (a Saturday: the market was closed)'],
    ['2025-09-01', 'date 2025-09-01 is not a trading session (an exchange holiday: the market was closed)'],
  ])('refuses end-of-day for %s with the reason', async (date, reason) => {
    const answer = await ingestor.request('POST', '/operations/end-of-day', { date });
    expect(answer.status).toBe(400);
    expect(answer.body).toMatchObject({ message: 'invalid end-of-day request', reasons: [reason] });
  });

  it('refuses a session Polygon has not published yet, and an unknown field', async () => {
    ingestor.clock.set(new Date('2025-11-24T15:00:00Z')); // 10:00 in New York, before the close
    try {
      const early = await ingestor.request('POST', '/operations/end-of-day', { date: '2025-11-24' });
      expect(early.body.reasons).toEqual([
        'date 2025-11-24 is not published yet: Polygon publishes a session after its close (EOD_DELAY_MINUTES=20); the last published session is 2025-11-21',
      ]);
    } finally {
      ingestor.clock.set(new Date(SIM_EVENING));
    }
    const unknown = await ingestor.request('POST', '/operations/end-of-day', { date: '2025-11-21', force: true });
    expect(unknown.body.reasons).toEqual(['unknown field "force" (allowed: date)']);
  });

  it('fetches one asked-for session with one grouped call, then finds it settled', async () => {
    await sim.reset();
    const answer = await ingestor.request('POST', '/operations/end-of-day', { date: '2025-11-20' });
    expect(answer.status).toBe(202);
    expect(answer.body).toEqual({
      lastSession: SIM_TODAY,
      date: '2025-11-20',
      enqueued: [{ date: '2025-11-20', jobId: 'grouped-daily|2025-11-20', status: 'added' }],
    });
    await eventually(async () => (await settledOn('2025-11-20')) === 3, 'the 3 symbols settled on 2025-11-20', 30_000);
    expect(await polygonCalls(sim)).toMatchObject({ total: 1, grouped: 1 });
    const again = await ingestor.request('POST', '/operations/end-of-day', { date: '2025-11-20' });
    expect(again.body).toEqual({
      lastSession: SIM_TODAY,
      date: '2025-11-20',
      enqueued: [],
      skipped: 'every active symbol (3) is settled on 2025-11-20',
    });
  }, 60_000);

  it('fills in the name, primary exchange and security type of universe symbols from the reference listing', async () => {
    const before = await ingestor.db.dataSource.query(
      `SELECT symbol, name, exchange FROM data_ingestion.symbols ORDER BY symbol`,
    );
    expect(before).toEqual([
      { symbol: 'AAPL', name: null, exchange: null },
      { symbol: 'MSFT', name: null, exchange: null },
      { symbol: 'NVDA', name: null, exchange: null },
    ]);
    const sync = await ingestor.request('POST', '/operations/reference-sync');
    expect(sync.status).toBe(202);
    expect(sync.body.enqueued.map((e: { listing: string; status: string }) => [e.listing, e.status])).toEqual([
      ['inactive', 'added'],
      ['active', 'added'],
    ]);
    await eventually(
      async () => (await ingestor.scalar(`SELECT count(*) FROM data_ingestion.symbols WHERE name IS NOT NULL`)) === 3,
      'names filled in',
      30_000,
    );
    expect(
      await ingestor.db.dataSource.query(
        `SELECT symbol, name, exchange, type, status FROM data_ingestion.symbols ORDER BY symbol`,
      ),
    ).toEqual([
      { symbol: 'AAPL', name: 'Apple Inc.', exchange: 'XNAS', type: 'CS', status: 'active' },
      { symbol: 'MSFT', name: 'Microsoft Corp', exchange: 'XNAS', type: 'CS', status: 'active' },
      { symbol: 'NVDA', name: 'NVIDIA Corp', exchange: 'XNAS', type: 'CS', status: 'active' },
    ]);
    const again = await ingestor.request('POST', '/operations/reference-sync');
    expect(again.body.enqueued.map((e: { status: string }) => e.status)).toEqual(['already-queued', 'already-queued']);
  }, 60_000);

  it("answers gap repair with the run's progress and corporate actions with the listings enqueued", async () => {
    const repair = await ingestor.request('POST', '/operations/gap-repair');
    expect(repair.status).toBe(202);
    expect(repair.body.enabled).toBe(true);
    expect(repair.body.run).toMatchObject({
      trigger: 'gap-repair',
      status: 'running',
      symbols: 3,
      calls: { made: 0 },
      eta: expect.any(String),
    });
    const actions = await ingestor.request('POST', '/operations/corporate-actions');
    expect(
      actions.body.enqueued.map((e: { kind: string; from: string; to: string }) => [e.kind, e.from, e.to]),
    ).toEqual([
      ['split', '2023-11-24', SIM_TODAY],
      ['dividend', '2023-11-24', SIM_TODAY],
    ]);
  }, 60_000);
});
