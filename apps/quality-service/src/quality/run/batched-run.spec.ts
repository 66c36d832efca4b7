import { UsEquityCalendar } from '@mdi/domain';
import { createTestDatabase, type TestDatabase } from '@mdi/testing';
import { writeSymbols } from '../../test-support/bar-writer';
import { PLANTED_ACTIVE, PLANTED_NOW, seedPlantedDataset } from '../../test-support/planted-dataset';
import { QualityRunner } from './quality-runner';

// Active, listed, without a bar: stale with no date, and alone in its batch when batches hold one symbol.
const NEVER_LOADED = 'NNN';

describe('a quality run in symbol batches (real PostgreSQL, planted defects)', () => {
  let db: TestDatabase;

  beforeAll(async () => {
    db = await createTestDatabase();
    await seedPlantedDataset(db.dataSource);
    await writeSymbols(db.dataSource, [NEVER_LOADED]);
  }, 60_000);

  afterAll(async () => {
    await db?.drop();
  });

  const runWith = async (batchSymbols: number) => {
    const runner = new QualityRunner(
      db.dataSource,
      new UsEquityCalendar(),
      { maxMissingRatio: 0.001, anomalyDetection: true, batchSymbols },
      () => PLANTED_NOW,
    );
    const { report, stored } = await runner.run('command', { store: false });
    return { report, stored };
  };

  it('reports exactly the same findings, in the same order, and the same counts whatever the batch size', async () => {
    const whole = await runWith(Number.POSITIVE_INFINITY);
    // Every planted defect (and the symbol without bars) is in the report being compared.
    expect(whole.report.findings.map((f) => `${f.code} ${f.symbol} ${f.date}`)).toEqual([
      'missing_bar AAA 2024-09-10',
      'stale III 2024-11-19',
      `stale ${NEVER_LOADED} null`,
      'ohlc_violation BBB 2024-09-11',
      'non_positive_price CCC 2024-09-12',
      'non_positive_price MMM 2024-09-18',
      'zero_volume DDD 2024-09-13',
      'non_trading_day_bar EEE 2024-09-02',
      'duplicate_timestamp FFF 2024-09-17',
      'out_of_order GGG 2024-10-01',
      'price_jump HHH 2024-10-15',
    ]);
    expect(whole.report.symbolsChecked).toBe(PLANTED_ACTIVE.length + 2);
    expect(whole.report.symbolsOverMissingThreshold.map((s) => s.symbol)).toEqual(['AAA']);
    for (const batchSymbols of [1, 5, 13]) {
      const batched = await runWith(batchSymbols);
      expect({ batchSymbols, findings: batched.report.findings }).toEqual({
        batchSymbols,
        findings: whole.report.findings,
      });
      expect(batched.report.counts).toEqual(whole.report.counts);
      expect(batched.report.alertLevel).toBe(whole.report.alertLevel);
      expect(batched.report.symbolsChecked).toBe(whole.report.symbolsChecked);
      expect(batched.report.symbolsOverMissingThreshold).toEqual(whole.report.symbolsOverMissingThreshold);
      expect(batched.stored.barsChecked).toBe(whole.stored.barsChecked);
      expect(batched.stored.expectedBars).toBe(whole.stored.expectedBars);
    }
  }, 120_000);

  it('refuses a batch size that is not a whole number of 1 or more', () => {
    for (const batchSymbols of [0, -1, 2.5, Number.NaN]) {
      expect(
        () =>
          new QualityRunner(db.dataSource, new UsEquityCalendar(), {
            maxMissingRatio: 0.05,
            anomalyDetection: true,
            batchSymbols,
          }),
      ).toThrow(/batch size must be a whole number of 1 or more/);
    }
  });
});
