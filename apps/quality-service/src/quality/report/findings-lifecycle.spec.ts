import { QUALITY_FINDING_CODES, type QualityFinding, type QualityFindingCode, type QualityReport } from '@mdi/domain';
import { QualityFindingRepository } from '@mdi/storage';
import { createTestDatabase, type TestDatabase } from '@mdi/testing';
import { QualityReportRepository, type ReportMeta } from './quality-report.repository';

function gap(symbol: string, date: string): QualityFinding {
  return { checkType: 'missing_data', symbol, date, code: 'missing_bar', detail: `no bar for ${date}` };
}

function reportOf(runId: string, finishedAt: string, findings: QualityFinding[]): QualityReport {
  const counts = Object.fromEntries(QUALITY_FINDING_CODES.map((code) => [code, 0])) as Record<
    QualityFindingCode,
    number
  >;
  for (const finding of findings) counts[finding.code] += 1;
  return {
    runId,
    startedAt: new Date(Date.parse(finishedAt) - 1000),
    finishedAt: new Date(finishedAt),
    alertLevel: findings.length === 0 ? 0 : 1,
    counts,
    findings,
    symbolsChecked: 3,
    symbolsOverMissingThreshold: [],
  } as QualityReport;
}

const META: ReportMeta = { trigger: 'manual', barsChecked: 10, expectedBars: 10, maxMissingRatio: 0.05 };

/** QualityReportRepository.save reconciles the findings ledger within the run's scope and stores the counts. */
describe('findings lifecycle of stored reports (real PostgreSQL)', () => {
  let db: TestDatabase;
  let reports: QualityReportRepository;
  let ledger: QualityFindingRepository;

  beforeAll(async () => {
    db = await createTestDatabase();
    reports = new QualityReportRepository(db.dataSource);
    ledger = new QualityFindingRepository(db.dataSource);
  }, 60_000);
  afterAll(() => db?.drop());
  beforeEach(() => db.dataSource.query('TRUNCATE data_ingestion.quality_findings, data_ingestion.data_quality_logs'));

  it('a scoped run resolves only its symbols; the report carries new, persisting and resolved', async () => {
    const first = await reports.save(
      reportOf('r1', '2024-07-09T22:00:00.000Z', [gap('AAA', '2024-07-05'), gap('BBB', '2024-07-05')]),
      META,
    );
    expect(first.lifecycle).toEqual({ new: 2, persisting: 0, resolved: 0 });

    const scoped = await reports.save(reportOf('r2', '2024-07-10T22:00:00.000Z', [gap('CCC', '2024-07-08')]), {
      ...META,
      scope: ['AAA', 'CCC'],
    });
    expect(scoped.lifecycle).toEqual({ new: 1, persisting: 0, resolved: 1 });
    expect((await reports.latest())?.lifecycle).toEqual({ new: 1, persisting: 0, resolved: 1 });
    expect((await ledger.list({ status: 'open', limit: 10 })).map((f) => f.symbol)).toEqual(['BBB', 'CCC']);
    expect(await ledger.list({ status: 'resolved', limit: 10 })).toEqual([
      expect.objectContaining({ symbol: 'AAA', resolvedRun: 'r2', resolvedAt: new Date('2024-07-10T22:00:00.000Z') }),
    ]);

    const full = await reports.save(reportOf('r3', '2024-07-11T22:00:00.000Z', [gap('CCC', '2024-07-08')]), META);
    expect(full.lifecycle).toEqual({ new: 0, persisting: 1, resolved: 1 });
  });

  it('a run that checked nothing resolves nothing and carries no lifecycle', async () => {
    await reports.save(reportOf('r1', '2024-07-09T22:00:00.000Z', [gap('AAA', '2024-07-05')]), META);
    const nothing = await reports.save(reportOf('r2', '2024-07-10T22:00:00.000Z', []), {
      ...META,
      nothingChecked: 'no bars stored yet',
    });
    expect(nothing.lifecycle).toBeUndefined();
    expect(await ledger.list({ status: 'open', limit: 10 })).toHaveLength(1);
  });
});
