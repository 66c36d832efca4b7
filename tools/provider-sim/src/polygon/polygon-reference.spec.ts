import { TestSim, jsonOf, startTestSim } from '../test/sim-harness';

jest.setTimeout(30_000);

async function pageAll(sim: TestSim, first: string): Promise<{ rows: Array<Record<string, unknown>>; pages: number }> {
  const rows: Array<Record<string, unknown>> = [];
  let body = await jsonOf(await sim.polygon(first));
  let pages = 1;
  for (;;) {
    expect(body.status).toBe('OK');
    expect(body.count).toBe(body.results?.length ?? 0);
    rows.push(...(body.results ?? []));
    if (!body.next_url) return { rows, pages };
    expect(body.next_url).toMatch(new RegExp(`^${sim.url}/v3/reference/\\w+\\?cursor=[A-Za-z0-9_-]+$`));
    body = await jsonOf(await fetch(`${body.next_url}&apiKey=sim-polygon-key`));
    pages++;
  }
}

describe('Polygon reference endpoints', () => {
  let sim: TestSim;
  beforeAll(async () => {
    sim = await startTestSim({ count: 2500 });
  });
  afterAll(() => sim.close());

  it('pages through every active ticker exactly once, sorted, with the fixture shape', async () => {
    const { rows, pages } = await pageAll(sim, '/v3/reference/tickers?market=stocks&active=true&limit=1000');
    expect(pages).toBe(3);
    const tickers = rows.map((r) => r.ticker as string);
    expect(new Set(tickers).size).toBe(tickers.length);
    expect([...tickers].sort()).toEqual(tickers);
    const universe = await jsonOf(await sim.control('/__sim/universe'));
    // 2500 regular + 2 IPOs (both listed before today); the 3 delisted are inactive.
    expect(tickers.length).toBe(universe.tickers - universe.delisted.length);
    expect(tickers).toEqual(expect.arrayContaining(['AAPL', 'BRK.B', 'ICE']));
    const aapl = rows.find((r) => r.ticker === 'AAPL');
    expect(Object.keys(aapl as object)).toEqual([
      'ticker',
      'name',
      'market',
      'locale',
      'primary_exchange',
      'type',
      'active',
      'currency_name',
      'cik',
      'composite_figi',
      'share_class_figi',
      'last_updated_utc',
    ]);
    expect(aapl).toMatchObject({
      name: 'Apple Inc.',
      market: 'stocks',
      locale: 'us',
      primary_exchange: 'XNAS',
      type: 'CS',
      active: true,
      currency_name: 'usd',
    });
  });

  it('pages the same with a small limit and in descending order', async () => {
    const small = await pageAll(sim, '/v3/reference/tickers?limit=333');
    const desc = await pageAll(sim, '/v3/reference/tickers?limit=1000&order=desc');
    expect(small.rows.map((r) => r.ticker)).toEqual(desc.rows.map((r) => r.ticker).reverse());
  });

  it('lists delisted tickers with active=false and delisted_utc', async () => {
    const body = await jsonOf(await sim.polygon('/v3/reference/tickers?active=false'));
    expect(body.results).toHaveLength(3);
    for (const r of body.results) {
      expect(r.active).toBe(false);
      expect(r.delisted_utc).toMatch(/^\d{4}-\d{2}-\d{2}T00:00:00Z$/);
    }
    expect(body).not.toHaveProperty('next_url');
  });

  it('filters by ticker, ticker.gte/.lt and search; omits results when nothing matches', async () => {
    expect(
      (await jsonOf(await sim.polygon('/v3/reference/tickers?ticker=MSFT'))).results.map(
        (r: { ticker: string }) => r.ticker,
      ),
    ).toEqual(['MSFT']);
    const range = await jsonOf(await sim.polygon('/v3/reference/tickers?ticker.gte=MA&ticker.lt=MB&limit=1000'));
    expect(range.results.every((r: { ticker: string }) => r.ticker >= 'MA' && r.ticker < 'MB')).toBe(true);
    expect(range.results.map((r: { ticker: string }) => r.ticker)).toContain('MA');
    const search = await jsonOf(await sim.polygon('/v3/reference/tickers?search=apple'));
    expect(search.results.map((r: { ticker: string }) => r.ticker)).toContain('AAPL');
    const none = await jsonOf(await sim.polygon('/v3/reference/tickers?market=crypto'));
    expect(none).not.toHaveProperty('results');
    expect(none.count).toBe(0);
  });

  it('serves splits and dividends with date filters and paging', async () => {
    const splits = await pageAll(sim, '/v3/reference/splits?limit=1');
    expect(splits.rows.length).toBe(3);
    expect(Object.keys(splits.rows[0]).sort()).toEqual(['execution_date', 'id', 'split_from', 'split_to', 'ticker']);
    const first = splits.rows[splits.rows.length - 1];
    const filtered = await jsonOf(
      await sim.polygon(`/v3/reference/splits?execution_date.lte=${first.execution_date}&ticker=${first.ticker}`),
    );
    expect(filtered.results).toEqual([first]);
    const reverse = await jsonOf(await sim.polygon('/v3/reference/splits?reverse_split=true'));
    expect(reverse.results.every((s: { split_from: number; split_to: number }) => s.split_from > s.split_to)).toBe(
      true,
    );

    const all = await pageAll(sim, '/v3/reference/dividends?limit=7');
    expect(all.rows.length).toBeGreaterThanOrEqual(30);
    const d = all.rows[0];
    expect(d).toMatchObject({ currency: 'USD', dividend_type: 'CD', frequency: 4, cash_amount: expect.any(Number) });
    const window = await pageAll(
      sim,
      '/v3/reference/dividends?ex_dividend_date.gte=2026-01-01&ex_dividend_date.lte=2026-06-30&limit=1000',
    );
    expect(window.rows.length).toBeGreaterThan(0);
    expect(
      window.rows.every(
        (r) => (r.ex_dividend_date as string) >= '2026-01-01' && (r.ex_dividend_date as string) <= '2026-06-30',
      ),
    ).toBe(true);
  });

  it('lists upcoming holidays as a bare array, early closes with UTC open/close', async () => {
    const rows = await jsonOf(await sim.polygon('/v1/marketstatus/upcoming'));
    expect(Array.isArray(rows)).toBe(true);
    expect(rows[0]).toEqual({ date: '2026-11-26', exchange: 'NYSE', name: 'Thanksgiving', status: 'closed' });
    expect(rows).toContainEqual({
      date: '2026-11-27',
      exchange: 'NASDAQ',
      name: 'Thanksgiving',
      status: 'early-close',
      open: '2026-11-27T14:30:00.000Z',
      close: '2026-11-27T18:00:00.000Z',
    });
    expect(rows.every((r: { date: string }) => r.date >= '2026-11-25')).toBe(true);
  });

  it('reports the market phase from the simulated clock', async () => {
    const phases: Array<[string, string]> = [
      ['2026-11-24T15:00:00Z', 'open'],
      ['2026-11-24T12:00:00Z', 'extended-hours'],
      ['2026-11-24T22:00:00Z', 'extended-hours'],
      ['2026-11-26T15:00:00Z', 'closed'],
    ];
    const clockSim = await startTestSim();
    try {
      for (const [now, market] of phases) {
        await clockSim.control('/__sim/config', { now });
        const body = await jsonOf(await clockSim.polygon('/v1/marketstatus/now'));
        expect({ now, market: body.market }).toEqual({ now, market });
        expect(body.serverTime).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}-05:00$/);
      }
    } finally {
      await clockSim.close();
    }
  });
});
