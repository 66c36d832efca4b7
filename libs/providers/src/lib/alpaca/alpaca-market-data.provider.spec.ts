import { MetricsService } from '@mdi/platform';
import { sessionDateOf } from '@mdi/domain';
import { startSimulatorProcess, type SimulatorProcess } from '../../test-support/simulator-process';
import { ProviderError } from '../errors/provider-error';
import { ProviderMetrics } from '../observability/provider-metrics';
import { createAlpacaStockApi } from './alpaca-data-sdk';
import { AlpacaMarketDataProvider, rejectedAlpacaBar } from './alpaca-market-data.provider';

const FROM = '2024-11-26';
const TO = '2026-11-25';

interface Planted {
  kind: string;
  symbol: string;
  date: string;
  alpaca: { c: number; v: number } | null;
}

describe('AlpacaMarketDataProvider against the simulator', () => {
  let sim: SimulatorProcess;
  let metrics: MetricsService;
  let alpaca: AlpacaMarketDataProvider;
  let symbols: string[];
  let planted: Planted[];

  const provider = (keyId = sim.alpacaKeyId, secret = sim.alpacaSecret) =>
    new AlpacaMarketDataProvider({
      stocks: createAlpacaStockApi({ keyId, secret, dataBaseUrl: sim.url }),
      secrets: [keyId, secret],
      metrics: new ProviderMetrics(metrics),
    });

  beforeAll(async () => {
    sim = await startSimulatorProcess({ alpacaRateLimit: 180, rateWindowMs: 60_000 });
    planted = (await sim.control('GET', '/__sim/alpaca/disagreements')).disagreements;
    const universe = await sim.control('GET', '/__sim/universe');
    const events = new Set([
      ...universe.splits.map((s: { ticker: string }) => s.ticker),
      ...universe.delisted.map((d: { ticker: string }) => d.ticker),
    ]);
    // 30 symbols: the three planted ones and 27 without splits or delistings.
    const plain = ['AAPL', 'MSFT', 'AMZN', 'GOOGL', 'META', 'NVDA', 'JPM', 'V', 'PG', 'KO', 'PEP', 'XOM', 'CVX', 'WMT']
      .concat(['HD', 'MRK', 'ABBV', 'COST', 'ADBE', 'CRM', 'NFLX', 'INTC', 'CSCO', 'ORCL', 'T', 'VZ', 'DIS', 'MCD'])
      .filter((s) => !events.has(s) && !planted.some((p) => p.symbol === s))
      .slice(0, 27);
    symbols = [...plain, ...planted.map((p) => p.symbol)].sort();
  });
  afterAll(() => sim?.close());

  beforeEach(async () => {
    await sim.control('POST', '/__sim/reset', {});
    metrics = new MetricsService();
    alpaca = provider();
  });

  it('pages 30 symbols x 2 years with page tokens: raw bars with source alpaca, one call a page, the planted gaps and values kept', async () => {
    const bars = [];
    let token: string | undefined;
    let pages = 0;
    do {
      const page = await alpaca.getStockBars(symbols, FROM, TO, token);
      expect(page.rejected).toEqual([]);
      bars.push(...page.items);
      token = page.nextCursor ?? undefined;
      pages++;
    } while (token !== undefined);
    expect(pages).toBe(Math.ceil(bars.length / 10_000));
    expect((await sim.control('GET', '/__sim/stats')).sinceReset.byEndpoint).toEqual({ 'alpaca.bars': pages });
    expect(bars.every((b) => b.source === 'alpaca')).toBe(true);
    expect(new Set(bars.map((b) => `${b.symbol} ${b.timestamp.toISOString()}`)).size).toBe(bars.length);
    // Every symbol has the window's sessions, the one with the planted gap one fewer.
    const counts = new Map<string, number>();
    for (const b of bars) counts.set(b.symbol, (counts.get(b.symbol) ?? 0) + 1);
    const missing = planted.find((p) => p.kind === 'missing-session') as Planted;
    const full = Math.max(...counts.values());
    expect([...counts].filter(([, n]) => n !== full)).toEqual([[missing.symbol, full - 1]]);
    expect(bars.some((b) => b.symbol === missing.symbol && sessionDateOf(b.timestamp) === missing.date)).toBe(false);
    const volume = planted.find((p) => p.kind === 'volume-factor') as Planted;
    const bar = bars.find((b) => b.symbol === volume.symbol && sessionDateOf(b.timestamp) === volume.date);
    expect(bar?.volume).toBe(String(volume.alpaca?.v));
    expect(sessionDateOf(bars[0].timestamp) >= FROM).toBe(true);
    expect(alpaca.lastRateLimit).toMatchObject({ limit: 180 });
  });

  it('refuses malformed rows with their symbol and reasons, counted, and keeps the rest', async () => {
    await sim.control('POST', '/__sim/faults', [
      { kind: 'malformed-rows', endpoint: 'alpaca.bars', ticker: 'MSFT', variant: 'garbage', field: 'c', count: 1 },
      { kind: 'duplicate-rows', endpoint: 'alpaca.bars', ticker: 'AAPL', rows: 1, count: 1 },
    ]);
    const page = await alpaca.getStockBars(['AAPL', 'MSFT'], '2026-11-02', '2026-11-06');
    expect(page.items).toHaveLength(9);
    expect(page.rejected).toHaveLength(2);
    const refused = page.rejected.map((r) => ({ ...rejectedAlpacaBar(r), reasons: r.reasons }));
    expect(refused).toEqual(
      expect.arrayContaining([
        {
          symbol: 'MSFT',
          row: expect.objectContaining({ c: 'abc' }),
          reasons: ['c (close) must be a number, got "abc"'],
        },
        { symbol: 'AAPL', row: expect.any(Object), reasons: [expect.stringContaining('duplicate of an earlier row')] },
      ]),
    );
    expect(await metrics.registry.getSingleMetricAsString('mdi_provider_rows_rejected_total')).toContain(
      '{provider="alpaca",endpoint="stock-bars"} 2',
    );
  });

  it('maps failures to ProviderErrors without the keys: 429 with Retry-After, 403, 400, 5xx', async () => {
    await sim.control('POST', '/__sim/faults', [
      { kind: 'rate-limit', endpoint: 'alpaca.bars', retryAfterSeconds: 3, count: 1 },
    ]);
    await expect(alpaca.getStockBars(['AAPL'], FROM, TO)).rejects.toMatchObject({
      failure: 'rate-limited',
      retryAfterMs: 3000,
    });
    const wrong = provider(sim.alpacaKeyId, 'not-the-secret');
    const denied = await wrong.getStockBars(['AAPL'], FROM, TO).catch((e: ProviderError) => e);
    expect(denied).toMatchObject({ failure: 'unauthorized', status: 403 });
    expect(JSON.stringify(denied) + String((denied as Error).message)).not.toContain('not-the-secret');
    await expect(alpaca.getStockBars(['not a symbol'], FROM, TO)).rejects.toMatchObject({
      failure: 'rejected-request',
      status: 400,
    });
    await sim.control('POST', '/__sim/faults', [
      { kind: 'http-error', endpoint: 'alpaca.bars', status: 503, body: 'html', count: 1 },
    ]);
    await expect(alpaca.getStockBars(['AAPL'], FROM, TO)).rejects.toMatchObject({ failure: 'unavailable' });
  });
});
