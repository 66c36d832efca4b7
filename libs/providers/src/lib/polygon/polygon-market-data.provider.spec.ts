import { MetricsService } from '@mdi/platform';
import { startSimulatorProcess, type SimulatorProcess } from '../../test-support/simulator-process';
import { ProviderError } from '../errors/provider-error';
import { ProviderMetrics } from '../observability/provider-metrics';
import { PolygonMarketDataProvider } from './polygon-market-data.provider';
import { createPolygonRestClient } from './polygon-sdk';

describe('PolygonMarketDataProvider against the simulator', () => {
  let sim: SimulatorProcess;
  let metrics: MetricsService;
  let polygon: PolygonMarketDataProvider;

  beforeAll(async () => {
    sim = await startSimulatorProcess();
  });
  afterAll(() => sim?.close());

  beforeEach(async () => {
    await sim.control('POST', '/__sim/reset', {});
    metrics = new MetricsService();
    polygon = new PolygonMarketDataProvider({
      client: createPolygonRestClient(sim.polygonKey, sim.url),
      secrets: [sim.polygonKey],
      metrics: new ProviderMetrics(metrics),
    });
  });

  it('returns validated, unadjusted daily bars in date order, one HTTP call', async () => {
    const page = await polygon.getDailyBars('AAPL', '2026-11-02', '2026-11-06', { adjusted: false });
    expect(page.rejected).toEqual([]);
    expect(page.nextCursor).toBeNull();
    expect(page.items.map((b) => b.timestamp.toISOString())).toEqual([
      '2026-11-02T05:00:00.000Z',
      '2026-11-03T05:00:00.000Z',
      '2026-11-04T05:00:00.000Z',
      '2026-11-05T05:00:00.000Z',
      '2026-11-06T05:00:00.000Z',
    ]);
    expect(page.items[0]).toMatchObject({ symbol: 'AAPL', source: 'polygon' });
    expect(typeof page.items[0].open).toBe('string');
    const stats = await sim.control('GET', '/__sim/stats');
    expect(stats.sinceReset.byEndpoint).toEqual({ 'polygon.aggs.range': 1 });
    expect(await metrics.registry.getSingleMetricAsString('mdi_provider_api_calls_total')).toContain(
      'mdi_provider_api_calls_total{provider="polygon",endpoint="aggregates-range",status="200"} 1',
    );
  });

  it('returns a grouped-daily answer as one bar per symbol for that session', async () => {
    const result = await polygon.getGroupedDaily('2026-11-24', { adjusted: false });
    expect(result.rejected).toEqual([]);
    expect(result.items.length).toBeGreaterThan(100);
    expect(new Set(result.items.map((b) => b.symbol)).size).toBe(result.items.length);
    for (const bar of result.items) expect(bar.timestamp.toISOString()).toBe('2026-11-24T05:00:00.000Z');
  });

  it('pages reference tickers by cursor and returns every ticker exactly once', async () => {
    const universe = await sim.control('GET', '/__sim/universe');
    const paged = new PolygonMarketDataProvider({
      client: createPolygonRestClient(sim.polygonKey, sim.url),
      secrets: [],
      referencePageSize: 7,
    });
    for (const active of [true, false]) {
      const seen: string[] = [];
      let cursor: string | undefined;
      let pages = 0;
      do {
        const page = await paged.listTickers({ active }, cursor);
        expect(page.rejected.filter((r) => !/symbol/.test(r.reasons.join()))).toEqual([]);
        seen.push(
          ...page.items.map((t) => t.symbol),
          ...page.rejected.map((r) => String((r.row as { ticker: string }).ticker)),
        );
        cursor = page.nextCursor ?? undefined;
        pages += 1;
      } while (cursor && pages < 100);
      expect(new Set(seen).size).toBe(seen.length);
      expect(pages).toBeGreaterThan(active ? 10 : 0);
      if (active) {
        expect(seen.length).toBeGreaterThanOrEqual(universe.tickers - universe.delisted.length);
      } else {
        expect(seen.sort()).toEqual(universe.delisted.map((d: { ticker: string }) => d.ticker).sort());
      }
    }
  });

  it('reads splits, dividends and holidays into domain models', async () => {
    const splits = await polygon.listSplits('2024-01-01', '2026-11-25');
    expect(splits.rejected).toEqual([]);
    expect(splits.items.length).toBeGreaterThan(0);
    expect(splits.items[0]).toEqual(
      expect.objectContaining({ symbol: expect.any(String), splitFrom: expect.any(Number) }),
    );
    const dividends = await polygon.listDividends('2024-01-01', '2026-11-25');
    expect(dividends.rejected).toEqual([]);
    expect(dividends.items.length).toBeGreaterThan(0);
    const holidays = await polygon.getMarketHolidays();
    expect(holidays.rejected).toEqual([]);
    expect(holidays.items.length).toBeGreaterThan(0);
  });

  describe('malformed payloads: good rows come through, each bad row is reported with its reason', () => {
    const cases: [string, Record<string, unknown>, RegExp][] = [
      ['OHLC invariant broken', { kind: 'malformed-rows', variant: 'invariant', rows: 2 }, /high|low/],
      ['negative price', { kind: 'malformed-rows', variant: 'negative', field: 'c', rows: 2 }, /close|c \(/],
      [
        'wrong type',
        { kind: 'malformed-rows', variant: 'wrong-type', field: 'o', rows: 2 },
        /o \(open\) must be a number/,
      ],
      [
        'garbage text',
        { kind: 'malformed-rows', variant: 'garbage', field: 'h', rows: 2 },
        /h \(high\) must be a number/,
      ],
      ['non-finite number', { kind: 'non-finite', field: 'l', value: 'huge', rows: 2 }, /low/],
      ['NaN', { kind: 'non-finite', field: 'c', value: 'NaN', rows: 2 }, /c \(close\)|close/],
      ['missing field', { kind: 'missing-fields', field: 'v', rows: 2 }, /v \(volume\) is missing/],
    ];
    it.each(cases)('%s', async (_name, fault, reason) => {
      await sim.control('POST', '/__sim/faults', [
        { provider: 'polygon', endpoint: 'polygon.aggs.range', count: 1, ...fault },
      ]);
      const page = await polygon.getDailyBars('MSFT', '2026-11-02', '2026-11-13', { adjusted: false });
      expect(page.items).toHaveLength(8);
      expect(page.rejected).toHaveLength(2);
      for (const bad of page.rejected) {
        expect(bad.reasons.join('; ')).toMatch(reason);
        expect(bad.row).toEqual(expect.objectContaining({ t: expect.any(Number) }));
      }
      expect(await metrics.registry.getSingleMetricAsString('mdi_provider_rows_rejected_total')).toContain(
        'mdi_provider_rows_rejected_total{provider="polygon",endpoint="aggregates-range"} 2',
      );
    });

    it('duplicate rows: the exact repeat is dropped with a reason', async () => {
      await sim.control('POST', '/__sim/faults', [
        { kind: 'duplicate-rows', provider: 'polygon', endpoint: 'polygon.aggs.range', rows: 2, count: 1 },
      ]);
      const page = await polygon.getDailyBars('MSFT', '2026-11-02', '2026-11-13', { adjusted: false });
      expect(page.items).toHaveLength(10);
      expect(page.rejected).toHaveLength(2);
      for (const bad of page.rejected)
        expect(bad.reasons[0]).toMatch(/^duplicate of an earlier row for MSFT 2026-11-\d\d$/);
    });

    it('out-of-order rows: every bar kept, returned in date order', async () => {
      await sim.control('POST', '/__sim/faults', [
        { kind: 'out-of-order', provider: 'polygon', endpoint: 'polygon.aggs.range', count: 1 },
      ]);
      const page = await polygon.getDailyBars('MSFT', '2026-11-02', '2026-11-13', { adjusted: false });
      expect(page.rejected).toEqual([]);
      const times = page.items.map((b) => b.timestamp.getTime());
      expect(times).toEqual([...times].sort((a, b) => a - b));
      expect(times).toHaveLength(10);
    });

    it('an empty result is no rows, not an error', async () => {
      await sim.control('POST', '/__sim/faults', [
        { kind: 'empty-result', provider: 'polygon', endpoint: 'polygon.aggs.range', count: 1 },
      ]);
      const page = await polygon.getDailyBars('MSFT', '2026-11-02', '2026-11-13', { adjusted: false });
      expect(page).toEqual({ items: [], rejected: [], nextCursor: null });
    });

    it('malformed grouped-daily rows are refused one by one', async () => {
      const all = (await polygon.getGroupedDaily('2026-11-24', { adjusted: false })).items.length;
      await sim.control('POST', '/__sim/faults', [
        {
          kind: 'missing-fields',
          provider: 'polygon',
          endpoint: 'polygon.aggs.grouped',
          field: 'T',
          rows: 3,
          count: 1,
        },
      ]);
      const result = await polygon.getGroupedDaily('2026-11-24', { adjusted: false });
      expect(result.rejected).toHaveLength(3);
      for (const bad of result.rejected) expect(bad.reasons).toContain('T (symbol) is missing');
      expect(result.items.length).toBe(all - 3);
    });
  });

  describe('failures become ProviderError without the key', () => {
    it('HTTP 429 is rate-limited with the Retry-After', async () => {
      await sim.control('POST', '/__sim/faults', [
        { kind: 'rate-limit', provider: 'polygon', retryAfterSeconds: 7, count: 1 },
      ]);
      const error = await polygon.getMarketHolidays().catch((e: unknown) => e);
      expect(error).toBeInstanceOf(ProviderError);
      expect(error).toMatchObject({
        provider: 'polygon',
        endpoint: 'market-holidays',
        status: 429,
        failure: 'rate-limited',
        retryAfterMs: 7000,
      });
      expect((error as ProviderError).message).toMatch(/^polygon market-holidays: HTTP 429 \(You've exceeded/);
    });

    it('5xx with an HTML body is an outage', async () => {
      await sim.control('POST', '/__sim/faults', [
        { kind: 'http-error', provider: 'polygon', status: 502, body: 'html', count: 1 },
      ]);
      const error = (await polygon.getMarketHolidays().catch((e: unknown) => e)) as ProviderError;
      expect(error).toMatchObject({ status: 502, failure: 'unavailable', isOutage: true, retryable: true });
      expect(error.message).toMatch(/^polygon market-holidays: HTTP 502/);
    });

    it('a dropped connection is an outage with no status', async () => {
      await sim.control('POST', '/__sim/faults', [{ kind: 'drop-connection', provider: 'polygon', count: 1 }]);
      const error = (await polygon.getMarketHolidays().catch((e: unknown) => e)) as ProviderError;
      expect(error).toMatchObject({ status: null, failure: 'unavailable' });
    });

    it("today's bars before the close are not-yet-available (retry later, no outage); an old date stays unauthorized", async () => {
      // 10:00 ET on the simulator's today: its bar is not published yet.
      await sim.control('POST', '/__sim/config', { now: '2026-11-25T15:00:00Z' });
      try {
        for (const call of [
          () => polygon.getGroupedDaily('2026-11-25', { adjusted: false }),
          () => polygon.getDailyBars('AAPL', '2026-11-20', '2026-11-25', { adjusted: false }),
        ]) {
          const error = (await call().catch((e: unknown) => e)) as ProviderError;
          expect(error).toBeInstanceOf(ProviderError);
          expect(error).toMatchObject({ status: 403, failure: 'not-yet-available', retryable: true, isOutage: false });
          expect(error.message).toMatch(/HTTP 403 \(Attempted to request today's data before end of day/);
        }
        const tooOld = (await polygon
          .getDailyBars('AAPL', '2020-01-02', '2020-01-10', { adjusted: false })
          .catch((e: unknown) => e)) as ProviderError;
        expect(tooOld).toMatchObject({ status: 403, failure: 'unauthorized', retryable: false });
      } finally {
        await sim.control('POST', '/__sim/config', { today: '2026-11-25' });
      }
      expect((await polygon.getGroupedDaily('2026-11-25', { adjusted: false })).items.length).toBeGreaterThan(100);
    });

    it('a wrong key is unauthorized, and neither key shows up anywhere in the error', async () => {
      const wrongKey = 'pk_wrong_key_0123456789';
      const stranger = new PolygonMarketDataProvider({
        client: createPolygonRestClient(wrongKey, sim.url),
        secrets: [wrongKey],
      });
      const error = (await stranger
        .getGroupedDaily('2026-11-24', { adjusted: false })
        .catch((e: unknown) => e)) as ProviderError;
      expect(error).toMatchObject({ status: 401, failure: 'unauthorized', retryable: false });
      const everything = JSON.stringify({
        message: error.message,
        stack: error.stack,
        json: error,
        own: Object.entries(error),
      });
      expect(everything).not.toContain(wrongKey);
      expect(everything).not.toContain('apiKey=pk_');
    });
  });
});
