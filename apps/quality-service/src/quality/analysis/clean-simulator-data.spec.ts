import { UsEquityCalendar, type TickerReference } from '@mdi/domain';
import { createPolygonRestClient, PolygonMarketDataProvider } from '@mdi/providers';
import { CorporateActionRepository, MarketDataRepository, SymbolRepository } from '@mdi/storage';
import { createTestDatabase, startProviderSimulator, type ProviderSimulator, type TestDatabase } from '@mdi/testing';
import { QualityRunner } from '../run/quality-runner';

const TODAY = '2026-11-25';
// 17:00 ET: after the close of TODAY, so its bar is the newest one a fresh symbol must have.
const NOW = new Date('2026-11-25T22:00:00Z');
const POLYGON_KEY = 'sim-polygon-key';

interface SimSplit {
  ticker: string;
  executionDate: string;
  splitFrom: number;
  splitTo: number;
}

const simGet = async <T>(sim: ProviderSimulator, path: string): Promise<T> =>
  (await (await fetch(`${sim.url}${path}`)).json()) as T;

describe('quality checks on the provider simulator: 100 symbols x 2 years, ingested through Polygon (real PostgreSQL)', () => {
  const calendar = new UsEquityCalendar();
  let sim: ProviderSimulator;
  let db: TestDatabase;
  let from: string;
  let symbols: string[];
  let splits: SimSplit[];
  let received = 0;
  let polygon: PolygonMarketDataProvider;

  beforeAll(async () => {
    [sim, db] = await Promise.all([
      startProviderSimulator({ today: TODAY, symbols: 100, polygonRateLimit: 0 }),
      createTestDatabase(),
    ]);
    polygon = new PolygonMarketDataProvider({
      client: createPolygonRestClient(POLYGON_KEY, sim.url),
      secrets: [POLYGON_KEY],
    });
    const universe = await simGet<{ ipos: { ticker: string }[]; splits: SimSplit[] }>(sim, '/__sim/universe');
    // The oldest date the simulated free plan serves: the same two-year window the ingestor backfills.
    from = (await simGet<{ planStart: string }>(sim, '/__sim/config')).planStart;

    // The listing also holds the simulator's IPO tickers (extra symbols beyond the 100 defaults): leave them out.
    const ipos = new Set(universe.ipos.map((ipo) => ipo.ticker));
    const listed: TickerReference[] = [];
    let cursor: string | undefined;
    do {
      const page = await polygon.listTickers({ active: true }, cursor);
      expect(page.rejected).toEqual([]);
      listed.push(...page.items.filter((t) => !ipos.has(t.symbol)));
      cursor = page.nextCursor ?? undefined;
    } while (cursor);
    symbols = listed.map((t) => t.symbol);
    const registered = await new SymbolRepository(db.dataSource).upsert(
      listed.map((t) => ({
        symbol: t.symbol,
        name: t.name,
        exchange: t.exchange,
        sector: null,
        marketCap: null,
        status: 'active' as const,
      })),
    );
    expect(registered.rejected).toEqual([]);
    splits = universe.splits.filter(
      (s) => symbols.includes(s.ticker) && s.executionDate > from && s.executionDate <= TODAY,
    );

    // One page per call as the ingestor writes it: unadjusted bars, so the split prints stay raw.
    const bars = new MarketDataRepository(db.dataSource);
    for (const symbol of symbols) {
      cursor = undefined;
      do {
        const page = await polygon.getDailyBars(symbol, from, TODAY, { adjusted: false }, cursor);
        expect(page.rejected).toEqual([]);
        const written = await bars.upsertBars(page.items);
        expect(written).toMatchObject({ inserted: page.items.length, rejected: [] });
        received += page.items.length;
        cursor = page.nextCursor ?? undefined;
      } while (cursor);
    }
  }, 120_000);

  afterAll(async () => {
    await Promise.all([sim?.stop(), db?.drop()]);
  });

  it('ingests every session of the window for the 100 default symbols', async () => {
    expect(symbols).toHaveLength(100);
    expect(symbols).toContain('AAPL');
    const [{ count }] = await db.dataSource.query(`SELECT count(*)::int AS count FROM data_ingestion.market_data`);
    expect(count).toBe(received);
    // The simulator's own holiday table and the domain calendar agree on every session of the window.
    expect(received).toBe(100 * calendar.sessionsBetween(from, TODAY).length);
  });

  it('has splits in the window whose raw prints jump by the split ratio (so price_jump is exercised)', async () => {
    expect(splits.length).toBeGreaterThan(0);
    for (const split of splits) {
      const [on, before]: { close: number }[] = await db.dataSource.query(
        `SELECT close::float8 AS close FROM data_ingestion.market_data
          WHERE symbol = $1 AND timestamp <= ($2::date::timestamp AT TIME ZONE 'America/New_York')
          ORDER BY timestamp DESC LIMIT 2`,
        [split.ticker, split.executionDate],
      );
      // The ratio's log is >= 0.69 away from 0, a day's own move a few percent: well past the 15% jump floor.
      const ratio = Math.log(split.splitFrom / split.splitTo);
      expect(Math.abs(Math.log(on.close / before.close) - ratio)).toBeLessThan(0.2);
    }
  });

  it('finds nothing in one full run and stores an ok report', async () => {
    const runner = new QualityRunner(
      db.dataSource,
      calendar,
      { maxMissingRatio: 0.05, anomalyDetection: true },
      () => NOW,
    );
    const { report, stored } = await runner.run('manual', { store: true });

    expect(report.findings).toEqual([]);
    expect(report.alertLevel).toBe(0);
    expect(report.symbolsChecked).toBe(100);
    expect(stored).toMatchObject({ barsChecked: received, expectedBars: received });

    const rows = await db.dataSource.query(
      `SELECT symbol, check_type, status, details FROM data_ingestion.data_quality_logs`,
    );
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ symbol: null, check_type: 'quality_report', status: 'ok' });
    expect(rows[0].details).toMatchObject({
      runId: report.runId,
      alertLevel: 0,
      symbolsChecked: 100,
      barsChecked: received,
      expectedBars: received,
    });
  });

  it('with the splits ledger fetched from Polygon: every split is excused by its record, and only by it', async () => {
    const actions = new CorporateActionRepository(db.dataSource);
    let cursor: string | undefined;
    do {
      const page = await polygon.listSplits(from, TODAY, cursor);
      expect(page.rejected).toEqual([]);
      expect((await actions.upsertSplits(page.items, 'polygon')).rejected).toEqual([]);
      cursor = page.nextCursor ?? undefined;
    } while (cursor);
    await actions.recordCoverage('split', from, TODAY);
    const runner = new QualityRunner(
      db.dataSource,
      calendar,
      { maxMissingRatio: 0.05, anomalyDetection: true },
      () => NOW,
    );
    expect((await runner.run('manual', { store: false })).report.findings).toEqual([]);

    // The same coverage without the records: the ledger now says "no split", so each split print is a jump.
    await db.dataSource.query(`DELETE FROM data_ingestion.corporate_actions WHERE action_type = 'split'`);
    const findings = (await runner.run('manual', { store: false })).report.findings;
    expect(findings.map((f) => `${f.code} ${f.symbol} ${f.date}`).sort()).toEqual(
      splits.map((s) => `price_jump ${s.ticker} ${s.executionDate}`).sort(),
    );
    expect(findings[0].detail).toContain('looks like a split, but the splits ledger records none');
  });
});
