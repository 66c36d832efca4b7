import { etParts } from '../calendar/eastern-time';
import { NYSE_HOLIDAYS } from '../calendar/nyse-holidays.data';
import { TestSim, TODAY, jsonOf, startTestSim } from '../test/sim-harness';

interface Bar {
  o: number;
  h: number;
  l: number;
  c: number;
  v: number;
  vw: number;
  t: number;
  n: number;
}

const closed = new Set(NYSE_HOLIDAYS.filter((h) => h.status === 'closed').map((h) => h.date));
const FROM = '2024-11-26';
const decimals = (x: number) => (String(x).split('.')[1] ?? '').length;

jest.setTimeout(60_000);

describe('Polygon aggregates', () => {
  let sim: TestSim;
  beforeAll(async () => {
    sim = await startTestSim();
  });
  afterAll(() => sim.close());

  it('answers the same bytes for the same seed, and different data for another seed', async () => {
    const other = await startTestSim();
    const reseeded = await startTestSim({ seed: 7 });
    try {
      for (const path of [
        `/v2/aggs/ticker/AAPL/range/1/day/${FROM}/${TODAY}`,
        `/v2/aggs/grouped/locale/us/market/stocks/2026-11-24`,
        '/v3/reference/tickers?limit=1000',
      ]) {
        const [a, b, c] = await Promise.all(
          [sim.polygon(path), other.polygon(path), reseeded.polygon(path)].map((p) => p.then((r) => r.text())),
        );
        expect(a).toBe(b);
        expect(c).not.toBe(a);
      }
    } finally {
      await other.close();
      await reseeded.close();
    }
  });

  it('generates only valid bars: OHLC invariants, 4 decimals, integer volume, sessions only, t at 00:00 ET', async () => {
    const tickers = (await jsonOf(await sim.polygon('/v3/reference/tickers?limit=1000'))).results.map(
      (r: { ticker: string }) => r.ticker,
    );
    expect(tickers.length).toBeGreaterThanOrEqual(150);
    let checked = 0;
    const violations: string[] = [];
    for (const ticker of tickers) {
      const body = await jsonOf(
        await sim.polygon(`/v2/aggs/ticker/${encodeURIComponent(ticker)}/range/1/day/${FROM}/${TODAY}?adjusted=false`),
      );
      for (const b of (body.results ?? []) as Bar[]) {
        // Collected rather than asserted one by one: jest's expect is too slow for ~80,000 bars.
        const et = etParts(b.t);
        const wd = new Date(`${et.date}T12:00:00Z`).getUTCDay();
        const problems = [
          b.l > 0 ? '' : 'low <= 0',
          b.l <= Math.min(b.o, b.c) ? '' : 'low above open/close',
          b.h >= Math.max(b.o, b.c) ? '' : 'high below open/close',
          b.vw >= b.l && b.vw <= b.h ? '' : 'vw outside [l, h]',
          [b.o, b.h, b.l, b.c, b.vw].every((p) => decimals(p) <= 4) ? '' : 'more than 4 decimals',
          Number.isInteger(b.v) && b.v > 0 && Number.isInteger(b.n) && b.n > 0 ? '' : 'volume/n not a positive integer',
          et.hh === 0 && et.mm === 0 && et.ss === 0 ? '' : 't not at 00:00 ET',
          wd === 0 || wd === 6 || closed.has(et.date) ? 'bar on a weekend or holiday' : '',
        ].filter(Boolean);
        if (problems.length > 0) violations.push(`${ticker} ${et.date}: ${problems.join(', ')}`);
        checked++;
      }
    }
    expect(violations).toEqual([]);
    expect(checked).toBeGreaterThan(150 * 400);
  });

  it('returns the same OHLCV from range and grouped for a day, with t at 00:00 ET vs 16:00 ET', async () => {
    const grouped = await jsonOf(await sim.polygon('/v2/aggs/grouped/locale/us/market/stocks/2026-11-24'));
    expect(grouped.resultsCount).toBe(grouped.results.length);
    expect(grouped).not.toHaveProperty('ticker');
    for (const row of grouped.results.slice(0, 20)) {
      const range = await jsonOf(await sim.polygon(`/v2/aggs/ticker/${row.T}/range/1/day/2026-11-24/2026-11-24`));
      const { t, ...bar } = range.results[0];
      const { T, t: gt, ...gbar } = row;
      expect(T).toBe(range.ticker);
      expect(gbar).toEqual(bar);
      expect(etParts(t)).toMatchObject({ date: '2026-11-24', hh: 0 });
      expect(etParts(gt)).toMatchObject({ date: '2026-11-24', hh: 16 });
    }
  });

  it('omits results on a holiday, a weekend and an unknown ticker (HTTP 200, counts 0)', async () => {
    for (const path of [
      '/v2/aggs/ticker/AAPL/range/1/day/2025-07-04/2025-07-04',
      '/v2/aggs/ticker/AAPL/range/1/day/2026-11-21/2026-11-22',
      '/v2/aggs/ticker/NOPE/range/1/day/2026-11-02/2026-11-06',
    ]) {
      const res = await sim.polygon(path);
      expect(res.status).toBe(200);
      const body = await jsonOf(res);
      expect(Object.keys(body).sort()).toEqual([
        'adjusted',
        'queryCount',
        'request_id',
        'resultsCount',
        'status',
        'ticker',
      ]);
      expect(body.resultsCount).toBe(0);
    }
    const grouped = await jsonOf(await sim.polygon('/v2/aggs/grouped/locale/us/market/stocks/2025-12-25'));
    expect(grouped).not.toHaveProperty('results');
    expect(grouped.resultsCount).toBe(0);
  });

  it('divides earlier prices by the split ratio (and multiplies volume) with adjusted=true only', async () => {
    const splits = (await jsonOf(await sim.polygon('/v3/reference/splits?limit=1000'))).results;
    expect(splits.length).toBeGreaterThanOrEqual(2);
    expect(splits.some((s: { split_from: number; split_to: number }) => s.split_from > s.split_to)).toBe(true);
    for (const s of splits) {
      const path = `/v2/aggs/ticker/${s.ticker}/range/1/day/${FROM}/${TODAY}`;
      const adj: Bar[] = (await jsonOf(await sim.polygon(`${path}?adjusted=true`))).results;
      const raw: Bar[] = (await jsonOf(await sim.polygon(`${path}?adjusted=false`))).results;
      expect(adj.length).toBe(raw.length);
      const ratio = s.split_to / s.split_from;
      const beforeSplit = (b: Bar) => etParts(b.t).date < s.execution_date;
      let before = 0;
      raw.forEach((r, i) => {
        const a = adj[i];
        expect(a.t).toBe(r.t);
        if (beforeSplit(r)) {
          before++;
          for (const k of ['o', 'h', 'l', 'c', 'vw'] as const)
            expect(Math.abs(a[k] - r[k] / ratio)).toBeLessThanOrEqual(0.00005 + 1e-9);
          expect(Math.abs(a.v - r.v * ratio)).toBeLessThanOrEqual(0.5);
        } else {
          expect(a).toEqual(r);
        }
      });
      expect(before).toBeGreaterThan(0);
      // Across the split the raw close jumps by about the ratio; the adjusted one does not.
      const k = raw.findIndex((r) => !beforeSplit(r));
      expect(raw[k - 1].c / raw[k].c).toBeGreaterThan(ratio * 0.7);
      expect(raw[k - 1].c / raw[k].c).toBeLessThan(ratio * 1.4);
      expect(adj[k - 1].c / adj[k].c).toBeGreaterThan(0.7);
      expect(adj[k - 1].c / adj[k].c).toBeLessThan(1.4);
    }
  });

  it('has no bars after a delisting or before an IPO', async () => {
    const universe = await jsonOf(await sim.control('/__sim/universe'));
    for (const d of universe.delisted) {
      const body = await jsonOf(await sim.polygon(`/v2/aggs/ticker/${d.ticker}/range/1/day/${FROM}/${TODAY}`));
      const dates = (body.results ?? []).map((b: Bar) => etParts(b.t).date);
      if (d.lastSession >= FROM) expect(dates[dates.length - 1]).toBe(d.lastSession);
      expect(dates.every((x: string) => x <= d.lastSession)).toBe(true);
    }
    for (const ipo of universe.ipos) {
      const body = await jsonOf(await sim.polygon(`/v2/aggs/ticker/${ipo.ticker}/range/1/day/${FROM}/${TODAY}`));
      expect(etParts(body.results[0].t).date).toBe(ipo.listDate);
    }
  });

  it('pages with limit and an absolute next_url on its own host (no apiKey), in both sort orders', async () => {
    for (const sort of ['asc', 'desc']) {
      const all: Bar[] = (
        await jsonOf(await sim.polygon(`/v2/aggs/ticker/MSFT/range/1/day/2026-06-01/${TODAY}?sort=${sort}`))
      ).results;
      const paged: Bar[] = [];
      let body = await jsonOf(
        await sim.polygon(`/v2/aggs/ticker/MSFT/range/1/day/2026-06-01/${TODAY}?sort=${sort}&limit=40`),
      );
      for (;;) {
        paged.push(...body.results);
        expect(body.results.length).toBeLessThanOrEqual(40);
        if (!body.next_url) break;
        expect(body.next_url.startsWith(`${sim.url}/v2/aggs/ticker/MSFT/range/1/day/`)).toBe(true);
        expect(body.next_url).toContain('cursor=');
        expect(body.next_url).not.toContain('apiKey');
        body = await jsonOf(await fetch(`${body.next_url}&apiKey=sim-polygon-key`));
      }
      expect(paged).toEqual(all);
    }
  });

  it('refuses data older than two years and today before the close with 403 NOT_AUTHORIZED', async () => {
    const old = await sim.polygon('/v2/aggs/ticker/AAPL/range/1/day/2024-11-24/2024-12-31');
    expect(old.status).toBe(403);
    expect(await jsonOf(old)).toMatchObject({
      status: 'NOT_AUTHORIZED',
      message: "Your plan doesn't include this data timeframe.",
    });
    expect((await sim.polygon('/v2/aggs/grouped/locale/us/market/stocks/2024-11-22')).status).toBe(403);

    const early = await startTestSim();
    try {
      await early.control('/__sim/config', { now: '2026-11-24T15:00:00Z' });
      for (const path of [
        '/v2/aggs/grouped/locale/us/market/stocks/2026-11-24',
        '/v2/aggs/ticker/AAPL/range/1/day/2026-11-20/2026-11-24',
      ]) {
        const res = await early.polygon(path);
        expect(res.status).toBe(403);
        expect((await jsonOf(res)).message).toMatch(/today's data before end of day/);
      }
      const yesterday = await jsonOf(await early.polygon('/v2/aggs/ticker/AAPL/range/1/day/2026-11-20/2026-11-23'));
      expect(yesterday.resultsCount).toBe(2);
    } finally {
      await early.close();
    }
  });

  it('accepts unix-ms from/to', async () => {
    const byDate = await jsonOf(await sim.polygon('/v2/aggs/ticker/AAPL/range/1/day/2026-11-02/2026-11-06'));
    const byMs = await jsonOf(
      await sim.polygon(`/v2/aggs/ticker/AAPL/range/1/day/${byDate.results[0].t}/${byDate.results[4].t}`),
    );
    expect(byMs.results).toEqual(byDate.results);
  });
});
