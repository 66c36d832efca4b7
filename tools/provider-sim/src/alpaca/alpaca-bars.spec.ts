import { TestSim, jsonOf, startTestSim } from '../test/sim-harness';

jest.setTimeout(60_000);

interface BarFields {
  o: number;
  h: number;
  l: number;
  c: number;
  v: number;
  n: number;
  vw: number;
}
/** Alpaca stamps RFC 3339 text, Polygon epoch milliseconds. */
type AlpacaBar = BarFields & { t: string };
type PolygonBar = BarFields & { t: number };
interface BarsPage {
  bars: Record<string, AlpacaBar[]>;
  next_page_token: string | null;
}
interface Planted {
  kind: 'wrong-close' | 'missing-session' | 'volume-factor';
  symbol: string;
  date: string;
  polygon: Omit<PolygonBar, 't'>;
  alpaca: Omit<PolygonBar, 't'> | null;
}

const FROM = '2024-11-26';
const TO = '2026-11-25';
const WINDOW = `start=${FROM}T05:00:00Z&end=${TO}T05:00:00Z`;
const nyDate = (ms: number) => new Date(ms).toLocaleDateString('en-CA', { timeZone: 'America/New_York' });

describe('Alpaca historical bars (GET /v2/stocks/bars)', () => {
  let sim: TestSim;
  let universe: { tickers: number; delisted: { ticker: string }[]; splits: { ticker: string }[] };
  let planted: Planted[];
  let symbols: string[];

  /** Every page of one request, following next_page_token. */
  async function allPages(query: string): Promise<BarsPage[]> {
    const pages: BarsPage[] = [];
    let token: string | null = null;
    do {
      const res = await sim.alpaca(
        `/v2/stocks/bars?${query}${token ? `&page_token=${encodeURIComponent(token)}` : ''}`,
      );
      expect(res.status).toBe(200);
      const page: BarsPage = await jsonOf(res);
      pages.push(page);
      token = page.next_page_token;
    } while (token !== null);
    return pages;
  }

  async function polygonBars(symbol: string, adjusted: boolean): Promise<PolygonBar[]> {
    const body = await jsonOf(
      await sim.polygon(`/v2/aggs/ticker/${symbol}/range/1/day/${FROM}/${TO}?adjusted=${adjusted}&limit=50000`),
    );
    return body.results ?? [];
  }

  beforeAll(async () => {
    sim = await startTestSim();
    universe = await jsonOf(await sim.control('/__sim/universe'));
    planted = (await jsonOf(await sim.control('/__sim/alpaca/disagreements'))).disagreements;
    const tickers = await jsonOf(await sim.polygon('/v3/reference/tickers?active=true&limit=1000'));
    symbols = (tickers.results as { ticker: string }[]).map((t) => t.ticker).slice(0, 100);
  });
  afterAll(() => sim.close());
  beforeEach(() => sim.control('/__sim/reset', {}));

  it('plants one wrong close, one missing session and one volume off by a factor, on three symbols', () => {
    expect(planted.map((p) => p.kind)).toEqual(['wrong-close', 'missing-session', 'volume-factor']);
    expect(new Set(planted.map((p) => p.symbol)).size).toBe(3);
    const [close, missing, volume] = planted;
    expect(close.alpaca).toEqual({ ...close.polygon, c: expect.any(Number), h: expect.any(Number) });
    expect(Math.abs((close.alpaca as PolygonBar).c / close.polygon.c - 1.03)).toBeLessThan(0.0001);
    expect(missing.alpaca).toBeNull();
    expect(volume.alpaca).toEqual({ ...volume.polygon, v: volume.polygon.v * 10 });
  });

  it('pages 100 symbols x 2 years in 10,000-bar pages: the same bars as Polygon raw, except the planted ones', async () => {
    const pages = await allPages(
      `symbols=${symbols.join(',')}&timeframe=1Day&adjustment=raw&feed=sip&limit=10000&sort=asc&${WINDOW}`,
    );
    const counts = pages.map((p) => Object.values(p.bars).reduce((n, list) => n + list.length, 0));
    const total = counts.reduce((a, b) => a + b, 0);
    expect(counts.slice(0, -1).every((n) => n === 10_000)).toBe(true);
    expect(pages).toHaveLength(Math.ceil(total / 10_000));
    expect((await jsonOf(await sim.control('/__sim/stats'))).sinceReset.byEndpoint).toEqual({
      'alpaca.bars': pages.length,
    });

    // Symbols come in sorted order; a symbol cut by a page boundary continues on the next page.
    const bySymbol = new Map<string, AlpacaBar[]>();
    const order: string[] = [];
    for (const page of pages) {
      for (const [symbol, list] of Object.entries(page.bars)) {
        if (!bySymbol.has(symbol)) order.push(symbol);
        bySymbol.set(symbol, [...(bySymbol.get(symbol) ?? []), ...list]);
      }
    }
    expect(order).toEqual([...symbols].sort());

    const differences: string[] = [];
    for (const symbol of symbols) {
      const alpaca = new Map((bySymbol.get(symbol) ?? []).map((b) => [b.t, b]));
      for (const p of await polygonBars(symbol, false)) {
        const t = new Date(p.t).toISOString().replace('.000Z', 'Z');
        const a = alpaca.get(t);
        alpaca.delete(t);
        const fields = (b: AlpacaBar | PolygonBar) => [b.o, b.h, b.l, b.c, b.v, b.n, b.vw].join(' ');
        if (!a) differences.push(`${symbol} ${nyDate(p.t)} missing`);
        else if (fields(a) !== fields(p)) differences.push(`${symbol} ${nyDate(p.t)} differs`);
      }
      expect([...alpaca.keys()]).toEqual([]);
    }
    expect(differences.sort()).toEqual(
      planted.map((p) => `${p.symbol} ${p.date} ${p.kind === 'missing-session' ? 'missing' : 'differs'}`).sort(),
    );
    for (const p of planted.filter((d) => d.alpaca !== null)) {
      const bar = (bySymbol.get(p.symbol) ?? []).find((b) => nyDate(Date.parse(b.t)) === p.date);
      expect(bar).toMatchObject(p.alpaca as object);
    }
  });

  it('stamps a daily bar at midnight New York in UTC: 04:00Z in summer, 05:00Z in winter', async () => {
    const page: BarsPage = await jsonOf(
      await sim.alpaca('/v2/stocks/bars?symbols=AAPL&timeframe=1Day&start=2025-07-01&end=2025-07-03T04:00:00Z'),
    );
    expect(page.bars.AAPL.map((b) => b.t)).toEqual([
      '2025-07-01T04:00:00Z',
      '2025-07-02T04:00:00Z',
      '2025-07-03T04:00:00Z',
    ]);
    expect(Object.keys(page.bars.AAPL[0])).toEqual(['t', 'o', 'h', 'l', 'c', 'v', 'n', 'vw']);
    const winter: BarsPage = await jsonOf(
      await sim.alpaca(
        '/v2/stocks/bars?symbols=AAPL&timeframe=1Day&start=2026-01-05T05:00:00Z&end=2026-01-05T05:00:00Z',
      ),
    );
    expect(winter.bars.AAPL.map((b) => b.t)).toEqual(['2026-01-05T05:00:00Z']);
    expect(winter.next_page_token).toBeNull();
  });

  it('follows splits and delistings like Polygon: split adjustment equals Polygon adjusted, no bar after a delisting', async () => {
    const split = universe.splits[0].ticker;
    const delisted = universe.delisted[0].ticker;
    const pages = await allPages(`symbols=${split},${delisted}&timeframe=1Day&adjustment=split&limit=300&${WINDOW}`);
    for (const symbol of [split, delisted]) {
      const served = pages.flatMap((p) => p.bars[symbol] ?? []);
      const polygon = await polygonBars(symbol, true);
      expect(served.map((b) => [Date.parse(b.t), b.o, b.h, b.l, b.c, b.v])).toEqual(
        polygon.map((b) => [b.t, b.o, b.h, b.l, b.c, b.v]),
      );
    }
  });

  it('serves descending order within a symbol and an empty map for unknown symbols', async () => {
    const desc: BarsPage = await jsonOf(
      await sim.alpaca(
        '/v2/stocks/bars?symbols=MSFT&timeframe=1Day&start=2026-11-02&end=2026-11-06T05:00:00Z&sort=desc',
      ),
    );
    const times = desc.bars.MSFT.map((b) => b.t);
    expect(times).toEqual([...times].sort().reverse());
    expect(times).toHaveLength(5);
    const none = await jsonOf(await sim.alpaca('/v2/stocks/bars?symbols=ZZZZZ&timeframe=1Day&start=2026-11-02'));
    expect(none).toEqual({ bars: {}, next_page_token: null });
  });

  it.each([
    ['', 'missing symbols'],
    ['symbols=AAPL', 'missing timeframe'],
    ['symbols=AAPL&timeframe=1Min', 'invalid timeframe'],
    ['symbols=AAPL&timeframe=1Day&limit=10001', 'invalid limit'],
    ['symbols=AAPL&timeframe=1Day&limit=0', 'invalid limit'],
    ['symbols=AAPL&timeframe=1Day&start=yesterday', 'invalid start'],
    ['symbols=AAPL&timeframe=1Day&start=2026-11-05&end=2026-11-01', 'end should not be before start'],
    ['symbols=AAPL&timeframe=1Day&adjustment=all', 'invalid adjustment'],
    ['symbols=AAPL&timeframe=1Day&feed=nasdaq', 'invalid feed'],
    ['symbols=AAPL&timeframe=1Day&sort=up', 'invalid sort'],
    ['symbols=AAPL,%20&timeframe=1Day', 'invalid symbol'],
    ['symbols=AAPL&timeframe=1Day&page_token=bm9wZQ', 'invalid page_token'],
  ])('answers 400 naming the problem for ?%s', async (query, message) => {
    const res = await sim.alpaca(`/v2/stocks/bars?${query}`);
    expect(res.status).toBe(400);
    const body = await jsonOf(res);
    expect(body.code).toBe(40010001);
    expect(body.message).toContain(message);
  });

  it('checks the same auth headers and rate limit as the other Alpaca routes', async () => {
    const path = '/v2/stocks/bars?symbols=AAPL&timeframe=1Day&start=2026-11-02';
    expect((await fetch(`${sim.url}${path}`)).status).toBe(401);
    const wrong = await fetch(`${sim.url}${path}`, {
      headers: { 'APCA-API-KEY-ID': 'sim-alpaca-key', 'APCA-API-SECRET-KEY': 'wrong' },
    });
    expect(wrong.status).toBe(403);
    await sim.control('/__sim/config', { rateLimit: { alpaca: { limit: 2, windowMs: 60_000 } } });
    try {
      expect((await sim.alpaca(path)).headers.get('x-ratelimit-remaining')).toBe('1');
      expect((await sim.alpaca(path)).status).toBe(200);
      const refused = await sim.alpaca(path);
      expect(refused.status).toBe(429);
      expect(refused.headers.get('retry-after')).toMatch(/^\d+$/);
      expect(await jsonOf(refused)).toEqual({ code: 42910000, message: 'rate limit exceeded' });
    } finally {
      await sim.control('/__sim/config', { rateLimit: { alpaca: { limit: 0, windowMs: 60_000 } } });
    }
  });

  it('breaks rows on demand under their own symbol (malformed-rows, duplicate-rows)', async () => {
    await sim.control('/__sim/faults', [
      { kind: 'malformed-rows', endpoint: 'alpaca.bars', variant: 'garbage', field: 'c', count: 1 },
    ]);
    const path = '/v2/stocks/bars?symbols=AAPL,MSFT&timeframe=1Day&start=2026-11-02&end=2026-11-06T05:00:00Z';
    const broken: BarsPage = await jsonOf(await sim.alpaca(path));
    const rows = [...broken.bars.AAPL, ...broken.bars.MSFT];
    expect(rows).toHaveLength(10);
    expect(rows.filter((b) => (b.c as unknown) === 'abc')).toHaveLength(1);
    expect(rows.every((b) => Object.keys(b).length === 8)).toBe(true);
    await sim.control('/__sim/faults', [
      { kind: 'malformed-rows', endpoint: 'alpaca.bars', ticker: 'MSFT', variant: 'garbage', field: 'o', count: 1 },
    ]);
    const scoped: BarsPage = await jsonOf(await sim.alpaca(path));
    expect(scoped.bars.MSFT.filter((b) => (b.o as unknown) === 'abc')).toHaveLength(1);
    expect(scoped.bars.AAPL.filter((b) => (b.o as unknown) === 'abc')).toHaveLength(0);
    await sim.control('/__sim/faults', [{ kind: 'duplicate-rows', endpoint: 'alpaca.bars', rows: 1, count: 1 }]);
    const doubled: BarsPage = await jsonOf(await sim.alpaca(path));
    expect(doubled.bars.AAPL.length + doubled.bars.MSFT.length).toBe(11);
  });
});
