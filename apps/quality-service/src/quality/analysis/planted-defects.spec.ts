import { UsEquityCalendar, type QualityFinding } from '@mdi/domain';
import { CorporateActionRepository, createDataSourceOptions } from '@mdi/storage';
import { createTestDatabase, type TestDatabase } from '@mdi/testing';
import { DataSource } from 'typeorm';
import { loadBarFrame } from '../loading/bar-frame.loader';
import { perRowChecks } from '../../per-row-checks/per-row-checks';
import { loadPerRowInput } from '../../test-support/per-row-input';
import { PLANTED_ACTIVE, PLANTED_NOW, seedPlantedDataset } from '../../test-support/planted-dataset';
import { QualityRunner } from '../run/quality-runner';
import { analyzeStoredBars } from './quality-analyzer';

const calendar = new UsEquityCalendar();
const NOW = PLANTED_NOW;
const ACTIVE = PLANTED_ACTIVE;

const summary = (findings: readonly Pick<QualityFinding, 'code' | 'symbol' | 'date'>[]) =>
  findings.map((f) => `${f.code} ${f.symbol} ${f.date}`).sort();

describe('quality checks on planted defects (real PostgreSQL)', () => {
  let db: TestDatabase;

  beforeAll(async () => {
    db = await createTestDatabase();
    await seedPlantedDataset(db.dataSource);
  }, 60_000);

  afterAll(async () => {
    await db?.drop();
  });

  it('finds every planted defect with its exact symbol and date, and nothing else', async () => {
    const result = await analyzeStoredBars(db.dataSource, {
      calendar,
      now: NOW,
      activeSymbols: ACTIVE,
      anomalyDetection: true,
    });
    expect(summary(result.findings)).toEqual([
      'duplicate_timestamp FFF 2024-09-17',
      'missing_bar AAA 2024-09-10',
      'non_positive_price CCC 2024-09-12',
      'non_positive_price MMM 2024-09-18',
      'non_trading_day_bar EEE 2024-09-02',
      'ohlc_violation BBB 2024-09-11',
      'out_of_order GGG 2024-10-01',
      'price_jump HHH 2024-10-15',
      'stale III 2024-11-19',
      'zero_volume DDD 2024-09-13',
    ]);
    expect(result.symbolsChecked).toBe(13);
  });

  it('agrees with the plain per-row loop used as the benchmark baseline', async () => {
    const result = await analyzeStoredBars(db.dataSource, {
      calendar,
      now: NOW,
      activeSymbols: ACTIVE,
      anomalyDetection: true,
    });
    const { bars, splits } = await loadPerRowInput(db.dataSource);
    const loop = perRowChecks(bars, calendar, NOW, ACTIVE, splits);
    expect(loop.map((f) => `${f.code} ${f.symbol} ${f.date}`)).toEqual(
      result.findings.map((f) => `${f.code} ${f.symbol} ${f.date}`),
    );
  });

  it('explains each finding in words', async () => {
    const result = await analyzeStoredBars(db.dataSource, {
      calendar,
      now: NOW,
      activeSymbols: ACTIVE,
      anomalyDetection: true,
    });
    const detail = (code: string) => result.findings.find((f) => f.code === code)?.detail;
    expect(detail('stale')).toBe('newest bar 2024-11-19 is older than the last completed session 2024-11-26');
    expect(detail('price_jump')).toMatch(
      /^close [\d.]+ -> [\d.]+ on 2024-10-15 \(1[45]\d\.\d%, \d+\.\d sigma; no split ratio fits\)$/,
    );
    expect(detail('duplicate_timestamp')).toMatch(/^2 polygon bars for session 2024-09-17 \(ids \d+, \d+\)$/);
    expect(detail('non_trading_day_bar')).toContain('2024-09-02');
  });

  it('runs only the missing-data and stale checks when anomaly detection is off', async () => {
    const result = await analyzeStoredBars(db.dataSource, {
      calendar,
      now: NOW,
      activeSymbols: ACTIVE,
      anomalyDetection: false,
    });
    expect(summary(result.findings)).toEqual(['missing_bar AAA 2024-09-10', 'stale III 2024-11-19']);
  });

  it("counts expected bars from each symbol's first to its last session", async () => {
    const result = await analyzeStoredBars(db.dataSource, {
      calendar,
      now: NOW,
      activeSymbols: ACTIVE,
      anomalyDetection: true,
    });
    const sessions = (from: string, to: string) => calendar.sessionsBetween(from, to).length;
    const full = sessions('2024-05-01', '2024-11-26');
    expect(result.expectedBars).toBe(
      11 * full + sessions('2024-05-01', '2024-11-19') + sessions('2024-05-01', '2024-08-30'),
    );
  });

  it('loads only the requested symbols', async () => {
    const bars = await loadBarFrame(db.dataSource, { symbols: ['AAA', 'BBB'] });
    expect(bars.getColumn('symbol').unique().sort().toArray()).toEqual(['AAA', 'BBB']);
    await expect(loadBarFrame(db.dataSource, { symbols: ["A'); DROP TABLE x; --"] })).rejects.toThrow(/not a symbol/);
  });

  it("reads every row exactly once however many streams split the table's pages", async () => {
    const wide = new DataSource(createDataSourceOptions(db.url, { poolSize: 4 }));
    await wide.initialize();
    try {
      const pages = Number(
        (await wide.query(`SELECT pg_relation_size('data_ingestion.market_data') / 8192 AS pages`))[0].pages,
      );
      expect(pages).toBeGreaterThan(4);
      const whole = (await loadBarFrame(wide, { streams: 1 })).sort(['symbol', 'day', 'id']);
      for (const streams of [2, 3, 4]) {
        const split = (await loadBarFrame(wide, { streams })).sort(['symbol', 'day', 'id']);
        expect(split.height).toBe(whole.height);
        expect(split.frameEqual(whole)).toBe(true);
      }
    } finally {
      await wide.destroy();
    }
  });

  it('parses the COPY stream in chunks to the same frame', async () => {
    const whole = await loadBarFrame(db.dataSource);
    const chunked = await loadBarFrame(db.dataSource, { chunkBytes: 4096 });
    expect(chunked.height).toBe(whole.height);
    expect(chunked.sort(['symbol', 'day', 'id']).frameEqual(whole.sort(['symbol', 'day', 'id']))).toBe(true);
  });

  it('reads the splits ledger: a recorded split excuses its move, a split-like move on dates the ledger covers does not pass', async () => {
    const actions = new CorporateActionRepository(db.dataSource);
    const runner = new QualityRunner(
      db.dataSource,
      calendar,
      { maxMissingRatio: 0.05, anomalyDetection: true },
      () => NOW,
    );
    const jumps = async () =>
      summary((await runner.run('command', { store: false })).report.findings).filter((f) =>
        f.startsWith('price_jump'),
      );
    // The per-row reference checks read the same ledger on their own.
    const perRowJumps = async () => {
      const { bars, splits } = await loadPerRowInput(db.dataSource);
      return summary(perRowChecks(bars, calendar, NOW, ACTIVE, splits)).filter((f) => f.startsWith('price_jump'));
    };
    try {
      // Ledger complete for the whole period, no split recorded: JJJ's halving is no longer presumed a split.
      await actions.recordCoverage('split', '2024-01-01', '2024-11-26');
      expect(await jumps()).toEqual(['price_jump HHH 2024-10-15', 'price_jump JJJ 2024-10-15']);
      expect(await perRowJumps()).toEqual(['price_jump HHH 2024-10-15', 'price_jump JJJ 2024-10-15']);
      // Record both: JJJ's 2-for-1, and HHH's x2.5 as a 2-for-5 reverse split (no common ratio: only the ledger can excuse it).
      await actions.upsertSplits(
        [
          { symbol: 'JJJ', executionDate: '2024-10-15', splitFrom: 1, splitTo: 2 },
          { symbol: 'HHH', executionDate: '2024-10-15', splitFrom: 5, splitTo: 2 },
        ],
        'polygon',
      );
      expect(await jumps()).toEqual([]);
      expect(await perRowJumps()).toEqual([]);
    } finally {
      await db.dataSource.query(`TRUNCATE data_ingestion.corporate_actions, data_ingestion.corporate_action_coverage`);
    }
  });

  it('loads only the requested sessions', async () => {
    const bars = await loadBarFrame(db.dataSource, { symbols: ['LLL'], from: '2024-09-03', to: '2024-09-06' });
    expect(bars.getColumn('day').sort().toArray()).toEqual([19969, 19970, 19971, 19972]);
    await expect(loadBarFrame(db.dataSource, { to: "2024-01-01' OR true" })).rejects.toThrow(/to must be a YYYY-MM-DD/);
  });
});
