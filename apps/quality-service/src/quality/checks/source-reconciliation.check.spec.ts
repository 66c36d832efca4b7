import { UsEquityCalendar } from '@mdi/domain';
import { loadConfig } from '@mdi/platform';
import { createTestDatabase, type TestDatabase } from '@mdi/testing';
import { QualityChecksConfig, qualityRunSettingsOf } from '../../app/quality-service.config';
import { perRowChecks } from '../../per-row-checks/per-row-checks';
import { loadPerRowInput } from '../../test-support/per-row-input';
import { writeBars } from '../../test-support/bar-writer';
import { generateCleanBars } from '../../test-support/clean-bars.generator';
import { analyzeStoredBars } from '../analysis/quality-analyzer';
import { DEFAULT_RECONCILE_SETTINGS, type ReconcileSettings } from './reconcile-settings';
import {
  sourceMissingSessionCheck,
  sourcePriceMismatchCheck,
  sourceVolumeMismatchCheck,
} from './source-reconciliation.check';

const calendar = new UsEquityCalendar();
const NOW = new Date('2024-10-31T21:00:00Z');
const at = (date: string) => `(DATE '${date}'::timestamp AT TIME ZONE 'America/New_York')`;
const CHECKS = [sourcePriceMismatchCheck, sourceVolumeMismatchCheck, sourceMissingSessionCheck];

/** The reconciliation checks on real rows: two sources' series of a few symbols, changed one bar at a time. */
describe('source reconciliation checks (real PostgreSQL)', () => {
  let db: TestDatabase;

  /** The checks' findings; on the whole history, the per-row reference loop must find the same cells. */
  const findings = async (scope: { from?: string } = {}, reconcile?: ReconcileSettings) => {
    const found = (
      await analyzeStoredBars(
        db.dataSource,
        { calendar, now: NOW, activeSymbols: [], anomalyDetection: true, checks: CHECKS, reconcile },
        scope,
      )
    ).findings;
    // The per-row reference states the defaults only.
    if (scope.from === undefined && reconcile === undefined) {
      const loop = perRowChecks((await loadPerRowInput(db.dataSource)).bars, calendar, NOW, []);
      expect(loop.filter((f) => f.code.startsWith('source_')).map((f) => `${f.code} ${f.symbol} ${f.date}`)).toEqual(
        found.map((f) => `${f.code} ${f.symbol} ${f.date}`),
      );
    }
    return found.map((f) => `${f.code} ${f.symbol} ${f.date} ${f.detail}`);
  };

  /** Alpaca's copy of a symbol's polygon bars from..to (both included). */
  const copyToAlpaca = (symbol: string, from: string, to: string) =>
    db.dataSource.query(
      `INSERT INTO data_ingestion.market_data (symbol, timestamp, open, high, low, close, volume, source)
       SELECT symbol, timestamp, open, high, low, close, volume, 'alpaca' FROM data_ingestion.market_data
        WHERE symbol = $1 AND source = 'polygon' AND timestamp BETWEEN ${at(from)} AND ${at(to)}`,
      [symbol],
    );
  const setBar = (symbol: string, date: string, source: string, values: Record<string, number>) =>
    db.dataSource.query(
      `UPDATE data_ingestion.market_data SET ${Object.keys(values)
        .map((column, i) => `${column} = $${i + 3}`)
        .join(', ')} WHERE symbol = $1 AND source = $2 AND timestamp = ${at(date)}`,
      [symbol, source, ...Object.values(values)],
    );
  const deleteBar = (symbol: string, date: string, source: string) =>
    db.dataSource.query(
      `DELETE FROM data_ingestion.market_data WHERE symbol = $1 AND source = $2 AND timestamp = ${at(date)}`,
      [symbol, source],
    );

  beforeAll(async () => {
    db = await createTestDatabase();
    await writeBars(
      db.dataSource,
      generateCleanBars({ symbols: ['AAA', 'BBB', 'ONE'], from: '2024-09-03', to: '2024-10-31', seed: 7 }),
    );
    // Alpaca starts later and stops earlier than Polygon for AAA, covers BBB's whole history, ONE not at all.
    await copyToAlpaca('AAA', '2024-09-16', '2024-10-25');
    await copyToAlpaca('BBB', '2024-09-03', '2024-10-31');
  }, 60_000);

  afterAll(async () => {
    await db?.drop();
  });

  it('finds nothing where the sources agree, and none of the sessions outside the span both cover', async () => {
    expect(await findings()).toEqual([]);
  });

  describe('price tolerance (0.5% of the larger price by default)', () => {
    afterEach(async () => {
      await setBar('BBB', '2024-10-01', 'polygon', { open: 100, high: 101, low: 99, close: 100 });
      await setBar('BBB', '2024-10-01', 'alpaca', { open: 100, high: 101, low: 99, close: 100 });
    });

    it('does not flag a close exactly at the tolerance', async () => {
      await setBar('BBB', '2024-10-01', 'polygon', { open: 100, high: 101, low: 99, close: 100 });
      await setBar('BBB', '2024-10-01', 'alpaca', { open: 100, high: 101, low: 99, close: 99.5 });
      expect(await findings()).toEqual([]);
    });

    it('flags a close just past it, with both values and both sources', async () => {
      await setBar('BBB', '2024-10-01', 'polygon', { open: 100, high: 101, low: 99, close: 100 });
      await setBar('BBB', '2024-10-01', 'alpaca', { open: 100, high: 101, low: 99, close: 99.49 });
      expect(await findings()).toEqual([
        'source_price_mismatch BBB 2024-10-01 close polygon 100 vs alpaca 99.49 on 2024-10-01 (0.51% apart, tolerance 0.5%)',
      ]);
    });

    it('names every price that differs in one finding, whichever source is higher', async () => {
      await setBar('BBB', '2024-10-01', 'polygon', { open: 100, high: 103, low: 99, close: 100 });
      await setBar('BBB', '2024-10-01', 'alpaca', { open: 97, high: 101, low: 95, close: 100 });
      expect(await findings()).toEqual([
        'source_price_mismatch BBB 2024-10-01 open polygon 100 vs alpaca 97 on 2024-10-01 (3% apart, tolerance 0.5%); ' +
          'high polygon 103 vs alpaca 101 on 2024-10-01 (1.94% apart, tolerance 0.5%); ' +
          'low polygon 99 vs alpaca 95 on 2024-10-01 (4.04% apart, tolerance 0.5%)',
      ]);
    });

    it('takes the price tolerance from its settings (QUALITY_RECONCILE_PRICE_TOLERANCE)', async () => {
      await setBar('BBB', '2024-10-01', 'alpaca', { open: 100, high: 101, low: 99, close: 99 });
      expect(await findings()).toHaveLength(1);
      expect(await findings({}, { ...DEFAULT_RECONCILE_SETTINGS, priceTolerance: 0.01 })).toEqual([]);
    });
  });

  describe('volume ratio (2 by default)', () => {
    afterEach(async () => {
      await setBar('BBB', '2024-10-02', 'polygon', { volume: 1000 });
      await setBar('BBB', '2024-10-02', 'alpaca', { volume: 1000 });
    });

    it('does not flag one volume exactly twice the other', async () => {
      await setBar('BBB', '2024-10-02', 'polygon', { volume: 1000 });
      await setBar('BBB', '2024-10-02', 'alpaca', { volume: 2000 });
      expect(await findings()).toEqual([]);
    });

    it('flags one more than twice the other, and a volume of 0 beside a positive one', async () => {
      await setBar('BBB', '2024-10-02', 'polygon', { volume: 1000 });
      await setBar('BBB', '2024-10-02', 'alpaca', { volume: 2001 });
      await setBar('AAA', '2024-10-02', 'alpaca', { volume: 0 });
      const [aaa] = await db.dataSource.query(
        `SELECT volume::float8 AS v FROM data_ingestion.market_data WHERE symbol = 'AAA' AND source = 'polygon' AND timestamp = ${at('2024-10-02')}`,
      );
      expect(await findings()).toEqual([
        `source_volume_mismatch AAA 2024-10-02 volume polygon ${aaa.v} vs alpaca 0 on 2024-10-02 (one of them 0, allowed 2)`,
        'source_volume_mismatch BBB 2024-10-02 volume polygon 1000 vs alpaca 2001 on 2024-10-02 (ratio 2.0, allowed 2)',
      ]);
      await setBar('AAA', '2024-10-02', 'alpaca', { volume: aaa.v });
    });

    it('takes the volume ratio from its settings (QUALITY_RECONCILE_VOLUME_RATIO)', async () => {
      await setBar('BBB', '2024-10-02', 'alpaca', { volume: 10_000 });
      expect(await findings()).toHaveLength(1);
      expect(await findings({}, { ...DEFAULT_RECONCILE_SETTINGS, volumeRatio: 10 })).toEqual([]);
    });
  });

  describe('sessions one source lacks', () => {
    it('flags a gap of either source inside the span both cover, naming which has the bar', async () => {
      const close = async (symbol: string, date: string, source: string) =>
        (
          await db.dataSource.query(
            `SELECT close::float8 AS c FROM data_ingestion.market_data WHERE symbol = $1 AND source = $2 AND timestamp = ${at(date)}`,
            [symbol, source],
          )
        )[0].c as number;
      const [aaa, bbb] = [await close('AAA', '2024-10-08', 'polygon'), await close('BBB', '2024-10-09', 'alpaca')];
      await deleteBar('AAA', '2024-10-08', 'alpaca');
      await deleteBar('BBB', '2024-10-09', 'polygon');
      const found = await findings({});
      await copyToAlpaca('AAA', '2024-10-08', '2024-10-08');
      await db.dataSource.query(
        `INSERT INTO data_ingestion.market_data (symbol, timestamp, open, high, low, close, volume, source)
         SELECT symbol, timestamp, open, high, low, close, volume, 'polygon' FROM data_ingestion.market_data
          WHERE symbol = 'BBB' AND source = 'alpaca' AND timestamp = ${at('2024-10-09')}`,
      );
      expect(found).toEqual([
        `source_missing_session AAA 2024-10-08 session 2024-10-08: polygon has a bar (close ${aaa}), alpaca has none, inside the sessions both cover`,
        `source_missing_session BBB 2024-10-09 session 2024-10-09: alpaca has a bar (close ${bbb}), polygon has none, inside the sessions both cover`,
      ]);
    });

    it("does not flag a source's first or last sessions the other lacks (it started later or stopped earlier)", async () => {
      await deleteBar('AAA', '2024-09-16', 'alpaca');
      await deleteBar('AAA', '2024-10-25', 'alpaca');
      expect(await findings()).toEqual([]);
      await copyToAlpaca('AAA', '2024-09-16', '2024-09-16');
      await copyToAlpaca('AAA', '2024-10-25', '2024-10-25');
    });
  });

  it("compares a session's first bar of each source: a second one of a source (duplicate_timestamp's) is not used", async () => {
    await db.dataSource.query(
      `INSERT INTO data_ingestion.market_data (symbol, timestamp, open, high, low, close, volume, source)
       SELECT symbol, timestamp + interval '1 hour', open * 2, high * 2, low * 2, close * 2, volume * 10, source
         FROM data_ingestion.market_data WHERE symbol = 'BBB' AND source = 'alpaca' AND timestamp = ${at('2024-10-03')}`,
    );
    expect(await findings()).toEqual([]);
    await db.dataSource.query(
      `DELETE FROM data_ingestion.market_data WHERE symbol = 'BBB' AND timestamp = ${at('2024-10-03')} + interval '1 hour'`,
    );
  });

  it('a symbol with one source only gives no finding whatever its bars', async () => {
    await setBar('ONE', '2024-10-01', 'polygon', { close: 1, volume: 0 });
    await deleteBar('ONE', '2024-10-02', 'polygon');
    expect(await findings()).toEqual([]);
  });

  it('judges sessions after a last session from the bars on it as it does from the whole history', async () => {
    await setBar('BBB', '2024-10-29', 'alpaca', { close: 1 });
    await setBar('BBB', '2024-10-30', 'alpaca', { volume: 1 });
    await deleteBar('BBB', '2024-10-31', 'polygon');
    await setBar('AAA', '2024-10-30', 'polygon', { close: 1 });
    const whole = await findings();
    expect(whole.map((f) => f.split(' ').slice(0, 3).join(' '))).toEqual([
      'source_price_mismatch BBB 2024-10-29',
      'source_volume_mismatch BBB 2024-10-30',
    ]);
    for (const last of ['2024-10-25', '2024-10-28', '2024-10-29']) {
      const suffix = await findings({ from: last });
      expect(suffix.filter((f) => f.split(' ')[2] > last)).toEqual(whole.filter((f) => f.split(' ')[2] > last));
    }
  });
});

describe('reconciliation settings', () => {
  const required = { DATABASE_URL: 'postgres://127.0.0.1/x', REDIS_URL: 'redis://127.0.0.1:6379' };

  it('defaults to 0.5% and a ratio of 2, and a run is given what the variables say', () => {
    expect(qualityRunSettingsOf(loadConfig(QualityChecksConfig, required)).reconcile).toEqual({
      priceTolerance: 0.005,
      volumeRatio: 2,
    });
    expect(loadConfig(QualityChecksConfig, required)).toMatchObject({
      QUALITY_RECONCILE_PRICE_TOLERANCE: 0.005,
      QUALITY_RECONCILE_VOLUME_RATIO: 2,
    });
    const set = { ...required, QUALITY_RECONCILE_PRICE_TOLERANCE: '0.01', QUALITY_RECONCILE_VOLUME_RATIO: '10' };
    expect(qualityRunSettingsOf(loadConfig(QualityChecksConfig, set)).reconcile).toEqual({
      priceTolerance: 0.01,
      volumeRatio: 10,
    });
  });

  it.each([
    ['QUALITY_RECONCILE_PRICE_TOLERANCE', '-0.01', /QUALITY_RECONCILE_PRICE_TOLERANCE must be a number from 0 to 1/],
    ['QUALITY_RECONCILE_PRICE_TOLERANCE', '1.5', /QUALITY_RECONCILE_PRICE_TOLERANCE must be a number from 0 to 1/],
    ['QUALITY_RECONCILE_PRICE_TOLERANCE', '0.5%', /QUALITY_RECONCILE_PRICE_TOLERANCE must be a number/],
    ['QUALITY_RECONCILE_VOLUME_RATIO', '0.5', /QUALITY_RECONCILE_VOLUME_RATIO must be a number of 1 or more/],
    ['QUALITY_RECONCILE_VOLUME_RATIO', '-2', /QUALITY_RECONCILE_VOLUME_RATIO must be a number of 1 or more/],
    ['QUALITY_RECONCILE_VOLUME_RATIO', 'twice', /QUALITY_RECONCILE_VOLUME_RATIO must be a number/],
  ])('rejects %s=%s naming the variable', (variable, value, message) => {
    expect(() => loadConfig(QualityChecksConfig, { ...required, [variable]: value })).toThrow(message);
  });
});
