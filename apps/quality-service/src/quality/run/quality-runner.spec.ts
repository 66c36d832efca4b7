import { UsEquityCalendar } from '@mdi/domain';
import { createTestDatabase, type TestDatabase } from '@mdi/testing';
import { writeBars, writeSymbols } from '../../test-support/bar-writer';
import { generateCleanBars } from '../../test-support/clean-bars.generator';
import { QualityReportRepository } from '../report/quality-report.repository';
import { QualityRunner } from './quality-runner';

const NOW = new Date('2024-11-27T15:00:00Z');
const at = (date: string) => `(DATE '${date}'::timestamp AT TIME ZONE 'America/New_York')`;

describe('QualityRunner and the stored report (real PostgreSQL)', () => {
  let db: TestDatabase;
  let runner: QualityRunner;

  beforeAll(async () => {
    db = await createTestDatabase();
    await writeBars(
      db.dataSource,
      generateCleanBars({ symbols: ['AAA', 'BBB', 'CCC'], from: '2024-09-03', to: '2024-11-26' }),
    );
    await writeSymbols(db.dataSource, ['AAA', 'BBB', 'CCC']);
    runner = new QualityRunner(
      db.dataSource,
      new UsEquityCalendar(),
      { maxMissingRatio: 0.05, anomalyDetection: true },
      () => NOW,
    );
  }, 60_000);

  afterAll(async () => {
    await db?.drop();
  });

  it('stores an ok report without findings on clean data', async () => {
    const { report, stored } = await runner.run('manual');
    expect(report.alertLevel).toBe(0);
    const rows = await db.dataSource.query(
      `SELECT symbol, check_type, status, message, details FROM data_ingestion.data_quality_logs`,
    );
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ symbol: null, check_type: 'quality_report', status: 'ok' });
    expect(rows[0].details).toMatchObject({
      runId: report.runId,
      trigger: 'manual',
      alertLevel: 0,
      symbolsChecked: 3,
      barsChecked: 3 * new UsEquityCalendar().sessionsBetween('2024-09-03', '2024-11-26').length,
    });
    expect(rows[0].message).toMatch(/alert level 0 \(ok\), 3 symbols, no findings$/);
    expect(stored.findings).toEqual([]);
  });

  it('stores one row per finding next to the report, with its status, and reads them back', async () => {
    await db.dataSource.query(
      `UPDATE data_ingestion.market_data SET volume = 0 WHERE symbol = 'BBB' AND timestamp = ${at('2024-10-01')}`,
    );
    await db.dataSource.query(
      `UPDATE data_ingestion.market_data SET low = -1 WHERE symbol = 'CCC' AND timestamp = ${at('2024-10-02')}`,
    );
    await db.dataSource.query(
      `DELETE FROM data_ingestion.market_data WHERE symbol = 'AAA' AND timestamp = ${at('2024-10-03')}`,
    );
    const { report } = await runner.run('schedule');
    expect(report.alertLevel).toBe(2);

    const rows = await db.dataSource.query(
      `SELECT symbol, check_type, status, details->>'code' AS code, details->>'date' AS date FROM data_ingestion.data_quality_logs
        WHERE details->>'runId' = $1 AND check_type <> 'quality_report' ORDER BY symbol`,
      [report.runId],
    );
    expect(rows).toEqual([
      { symbol: 'AAA', check_type: 'missing_data', status: 'warning', code: 'missing_bar', date: '2024-10-03' },
      { symbol: 'BBB', check_type: 'anomaly', status: 'warning', code: 'zero_volume', date: '2024-10-01' },
      { symbol: 'CCC', check_type: 'validation', status: 'critical', code: 'non_positive_price', date: '2024-10-02' },
    ]);

    const reports = new QualityReportRepository(db.dataSource);
    const latest = await reports.latest();
    expect(latest).toMatchObject({
      runId: report.runId,
      alertLevel: 2,
      trigger: 'schedule',
      counts: { missing_bar: 1, zero_volume: 1, non_positive_price: 1 },
    });
    expect(latest?.findings?.map((f) => `${f.code} ${f.symbol} ${f.date}`)).toEqual([
      'missing_bar AAA 2024-10-03',
      'non_positive_price CCC 2024-10-02',
      'zero_volume BBB 2024-10-01',
    ]);

    const listed = await reports.between({ since: new Date('2020-01-01'), until: new Date('2100-01-01'), limit: 10 });
    expect(listed.map((r) => r.alertLevel)).toEqual([2, 0]);
    expect(listed[0].findings).toBeUndefined();
    const forBbb = await reports.between({
      since: new Date('2020-01-01'),
      until: new Date('2100-01-01'),
      symbol: 'BBB',
      limit: 10,
    });
    expect(forBbb.map((r) => r.findings?.map((f) => f.code))).toEqual([['zero_volume'], []]);
    expect(await reports.between({ since: new Date('2100-01-01'), until: new Date('2100-01-02'), limit: 10 })).toEqual(
      [],
    );
  });

  it('marks missing bars critical once they exceed MAX_MISSING_DATA_THRESHOLD', async () => {
    const strict = new QualityRunner(
      db.dataSource,
      new UsEquityCalendar(),
      { maxMissingRatio: 0.001, anomalyDetection: false },
      () => NOW,
    );
    const { report } = await strict.run('manual');
    expect(report.alertLevel).toBe(2);
    const rows = await db.dataSource.query(
      `SELECT status FROM data_ingestion.data_quality_logs WHERE details->>'runId' = $1 AND check_type = 'missing_data'`,
      [report.runId],
    );
    expect(rows).toEqual([{ status: 'critical' }]);
  });

  it("judges each symbol's missing share on its own: one symbol over the threshold makes the run critical", async () => {
    // Undo the earlier anomalies, so only missing bars remain.
    await db.dataSource.query(
      `UPDATE data_ingestion.market_data SET volume = 1000 WHERE symbol = 'BBB' AND timestamp = ${at('2024-10-01')}`,
    );
    await db.dataSource.query(
      `UPDATE data_ingestion.market_data SET low = LEAST(open, close) * 0.99 WHERE symbol = 'CCC' AND timestamp = ${at('2024-10-02')}`,
    );
    // AAA: 4 of its ~60 sessions missing (6.7% > 5%); BBB: 1 (1.7%). Overall 5 of ~180: under 5%.
    await db.dataSource.query(
      `DELETE FROM data_ingestion.market_data WHERE symbol = 'AAA' AND timestamp IN (${at('2024-10-04')}, ${at('2024-10-07')}, ${at('2024-10-08')})`,
    );
    await db.dataSource.query(
      `DELETE FROM data_ingestion.market_data WHERE symbol = 'BBB' AND timestamp = ${at('2024-10-09')}`,
    );
    const { report, stored } = await runner.run('manual');
    const expected = new UsEquityCalendar().sessionsBetween('2024-09-03', '2024-11-26').length;
    expect(report.counts.missing_bar).toBe(5);
    expect(5 / (3 * expected)).toBeLessThan(0.05);
    expect(report.alertLevel).toBe(2);
    expect(report.symbolsOverMissingThreshold).toEqual([{ symbol: 'AAA', missing: 4, expected, share: 4 / expected }]);
    expect(stored).toMatchObject({
      symbolsOverMissingThresholdCount: 1,
      symbolsOverMissingThreshold: [{ symbol: 'AAA', missing: 4 }],
    });

    const rows = await db.dataSource.query(
      `SELECT symbol, status, count(*)::int AS n FROM data_ingestion.data_quality_logs
        WHERE details->>'runId' = $1 AND check_type = 'missing_data' GROUP BY symbol, status ORDER BY symbol`,
      [report.runId],
    );
    expect(rows).toEqual([
      { symbol: 'AAA', status: 'critical', n: 4 },
      { symbol: 'BBB', status: 'warning', n: 1 },
    ]);
    const latest = await new QualityReportRepository(db.dataSource).latest();
    expect(latest).toMatchObject({ runId: report.runId, symbolsOverMissingThresholdCount: 1 });
  });
});

describe('QualityRunner with nothing to check (real PostgreSQL)', () => {
  let db: TestDatabase;
  let runner: QualityRunner;

  beforeAll(async () => {
    db = await createTestDatabase();
    runner = new QualityRunner(
      db.dataSource,
      new UsEquityCalendar(),
      { maxMissingRatio: 0.05, anomalyDetection: true },
      () => NOW,
    );
  }, 60_000);

  afterAll(async () => {
    await db?.drop();
  });

  let latestRunId = '';
  const reportRows = () =>
    db.dataSource.query(
      `SELECT check_type, status, message, details FROM data_ingestion.data_quality_logs WHERE details->>'runId' = $1`,
      [latestRunId],
    );

  it('stores nothing_checked, not an ok, on an empty database: no symbols in the universe', async () => {
    const { stored } = await runner.run('manual');
    latestRunId = stored.runId;
    expect(stored).toMatchObject({
      outcome: 'nothing_checked',
      reason: 'no symbols in the universe',
      alertLevel: null,
      barsChecked: 0,
      findings: [],
    });
    const rows = await reportRows();
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({
      check_type: 'quality_report',
      status: 'nothing_checked',
      message: `quality run ${stored.runId}: nothing checked, no symbols in the universe`,
    });
    expect(rows[0].details).toMatchObject({
      outcome: 'nothing_checked',
      reason: 'no symbols in the universe',
      alertLevel: null,
    });
    expect(await new QualityReportRepository(db.dataSource).latest()).toMatchObject({
      runId: stored.runId,
      outcome: 'nothing_checked',
      alertLevel: null,
    });
  });

  it('with a seeded universe but no bar: no bars stored yet, and no "stale" finding for every symbol', async () => {
    await writeSymbols(db.dataSource, ['AAA', 'BBB']);
    const { stored } = await runner.run('schedule');
    latestRunId = stored.runId;
    expect(stored).toMatchObject({
      outcome: 'nothing_checked',
      reason: 'no bars stored yet',
      alertLevel: null,
      findings: [],
    });
    expect(Object.values(stored.counts).every((n) => n === 0)).toBe(true);
    expect((await reportRows()).map((r: { status: string }) => r.status)).toEqual(['nothing_checked']);
  });

  it('checks as soon as one bar is stored', async () => {
    await writeBars(
      db.dataSource,
      generateCleanBars({ symbols: ['AAA', 'BBB'], from: '2024-11-25', to: '2024-11-26' }),
    );
    const { stored } = await runner.run('manual');
    expect(stored).toMatchObject({ outcome: 'checked', alertLevel: 0, barsChecked: 4 });
    expect(stored.reason).toBeUndefined();
  });
});
