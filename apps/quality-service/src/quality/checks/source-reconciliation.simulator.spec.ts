import { UsEquityCalendar } from '@mdi/domain';
import {
  AlpacaMarketDataProvider,
  createAlpacaStockApi,
  createPolygonRestClient,
  PolygonMarketDataProvider,
} from '@mdi/providers';
import { MarketDataRepository } from '@mdi/storage';
import { createTestDatabase, startProviderSimulator, type ProviderSimulator, type TestDatabase } from '@mdi/testing';
import { perRowChecks } from '../../per-row-checks/per-row-checks';
import { loadPerRowInput } from '../../test-support/per-row-input';
import { QualityRunner } from '../run/quality-runner';

const TODAY = '2026-11-25';
const NOW = new Date('2026-11-25T22:00:00Z');
const POLYGON_KEY = 'sim-polygon-key';
const ALPACA = { keyId: 'sim-alpaca-key', secret: 'sim-alpaca-secret' };

interface PlantedBar {
  o: number;
  h: number;
  l: number;
  c: number;
  v: number;
}
interface Planted {
  kind: 'wrong-close' | 'missing-session' | 'volume-factor';
  symbol: string;
  date: string;
  polygon: PlantedBar;
  alpaca: PlantedBar | null;
}

const simGet = async <T>(sim: ProviderSimulator, path: string): Promise<T> =>
  (await (await fetch(`${sim.url}${path}`)).json()) as T;

/**
 * Reconciliation over real data: the simulator's 100 default symbols x 2 years fetched from
 * Polygon (one symbol a call) and from Alpaca (many symbols a page) over HTTP through the
 * providers, stored as two series, then one full quality run.
 */
describe('reconciliation of Polygon and Alpaca bars from the provider simulator (real PostgreSQL)', () => {
  const calendar = new UsEquityCalendar();
  let sim: ProviderSimulator;
  let db: TestDatabase;
  let planted: Planted[];
  let stored: Record<string, number>;

  beforeAll(async () => {
    [sim, db] = await Promise.all([
      startProviderSimulator({ today: TODAY, symbols: 100, polygonRateLimit: 0, alpacaRateLimit: 0 }),
      createTestDatabase(),
    ]);
    planted = (await simGet<{ disagreements: Planted[] }>(sim, '/__sim/alpaca/disagreements')).disagreements;
    const from = (await simGet<{ planStart: string }>(sim, '/__sim/config')).planStart;
    const polygon = new PolygonMarketDataProvider({
      client: createPolygonRestClient(POLYGON_KEY, sim.url),
      secrets: [POLYGON_KEY],
    });
    const alpaca = new AlpacaMarketDataProvider({
      stocks: createAlpacaStockApi({ ...ALPACA, dataBaseUrl: sim.url }),
      secrets: [ALPACA.keyId, ALPACA.secret],
    });
    const ipos = new Set(
      (await simGet<{ ipos: { ticker: string }[] }>(sim, '/__sim/universe')).ipos.map((ipo) => ipo.ticker),
    );
    const symbols: string[] = [];
    let cursor: string | undefined;
    do {
      const page = await polygon.listTickers({ active: true }, cursor);
      symbols.push(...page.items.map((t) => t.symbol).filter((symbol) => !ipos.has(symbol)));
      cursor = page.nextCursor ?? undefined;
    } while (cursor);

    const bars = new MarketDataRepository(db.dataSource);
    const store = async (page: Awaited<ReturnType<typeof alpaca.getStockBars>>) => {
      expect(page.rejected).toEqual([]);
      expect(await bars.upsertBars(page.items)).toMatchObject({ inserted: page.items.length, rejected: [] });
      return page.nextCursor ?? undefined;
    };
    for (const symbol of symbols) {
      cursor = undefined;
      do cursor = await store(await polygon.getDailyBars(symbol, from, TODAY, { adjusted: false }, cursor));
      while (cursor);
    }
    cursor = undefined;
    do cursor = await store(await alpaca.getStockBars(symbols, from, TODAY, cursor));
    while (cursor);
    stored = Object.fromEntries(
      (
        await db.dataSource.query(
          `SELECT source, count(*)::int AS n FROM data_ingestion.market_data GROUP BY source ORDER BY source`,
        )
      ).map((row: { source: string; n: number }) => [row.source, row.n]),
    );
  }, 180_000);

  afterAll(async () => {
    await Promise.all([sim?.stop(), db?.drop()]);
  });

  it('stores both series: Alpaca one bar short of Polygon (the planted missing session)', () => {
    expect(planted.map((p) => p.kind)).toEqual(['wrong-close', 'missing-session', 'volume-factor']);
    expect(stored['polygon']).toBeGreaterThan(100 * 400);
    expect(stored).toEqual({ alpaca: stored['polygon'] - 1, polygon: stored['polygon'] });
  });

  it('finds every planted disagreement with both values and both sources, and nothing else', async () => {
    const runner = new QualityRunner(
      db.dataSource,
      calendar,
      { maxMissingRatio: 0.05, anomalyDetection: true },
      () => NOW,
    );
    const { report } = await runner.run('manual', { store: false });
    const [close, missing, volume] = planted;
    const closeApart =
      (Math.abs(close.polygon.c - (close.alpaca as PlantedBar).c) / (close.alpaca as PlantedBar).c) * 100;
    expect(report.findings.map((f) => ({ code: f.code, symbol: f.symbol, date: f.date, type: f.checkType }))).toEqual([
      { code: 'source_price_mismatch', symbol: close.symbol, date: close.date, type: 'anomaly' },
      { code: 'source_volume_mismatch', symbol: volume.symbol, date: volume.date, type: 'anomaly' },
      { code: 'source_missing_session', symbol: missing.symbol, date: missing.date, type: 'missing_data' },
    ]);
    const [closeFinding, volumeFinding, missingFinding] = report.findings;
    expect(closeFinding.detail).toContain(
      `close polygon ${close.polygon.c} vs alpaca ${(close.alpaca as PlantedBar).c} on ${close.date} ` +
        `(${Number(closeApart.toFixed(2))}% apart, tolerance 0.5%)`,
    );
    expect(closeApart).toBeCloseTo(2.91, 2);
    expect(volumeFinding.detail).toBe(
      `volume polygon ${volume.polygon.v} vs alpaca ${(volume.alpaca as PlantedBar).v} on ${volume.date} (ratio 10.0, allowed 2)`,
    );
    expect(missingFinding.detail).toBe(
      `session ${missing.date}: polygon has a bar (close ${missing.polygon.c}), alpaca has none, inside the sessions both cover`,
    );
    // A disagreement between sources is a warning: neither bar is invalid on its own.
    expect(report.alertLevel).toBe(1);

    // The per-row reference loop finds the same, on the rows as stored.
    const { bars, splits } = await loadPerRowInput(db.dataSource);
    expect(perRowChecks(bars, calendar, NOW, [], splits).map((f) => `${f.code} ${f.symbol} ${f.date}`)).toEqual(
      report.findings.map((f) => `${f.code} ${f.symbol} ${f.date}`),
    );
  });
});
