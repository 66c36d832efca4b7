import {
  CORRUPTION_CODES,
  findingKey,
  missingShareExceeds,
  type QualityFinding,
  type QualityLogEntry,
  type QualityReport,
} from '@mdi/domain';
import {
  QualityFindingRepository,
  QualityLogRepository,
  QualityReportLogRepository,
  type FindingLifecycleCounts,
  type QualityReportRow,
  type SeenFinding,
  type SqlExecutor,
} from '@mdi/storage';
import type { DataSource } from 'typeorm';
import {
  MISSING_SYMBOLS_KEPT,
  reportStatus,
  type FullRunReason,
  type NothingCheckedReason,
  type RunMode,
  type RunTrigger,
  type StoredReport,
} from './stored-report';

export interface ReportMeta {
  readonly trigger: RunTrigger;
  readonly slot?: Date;
  readonly barsChecked: number;
  readonly expectedBars: number;
  readonly maxMissingRatio: number;
  /** Set when no bar was stored: the run judged nothing. */
  readonly nothingChecked?: NothingCheckedReason;
  /**
   * The symbols a scoped run checked: only their open findings can be
   * resolved by it. Absent for a full run (every open finding it no longer
   * sees is resolved).
   */
  readonly scope?: readonly string[];
  readonly mode?: RunMode;
  readonly symbolsRechecked?: number;
  readonly symbolsExtended?: number;
  readonly fullRunReason?: FullRunReason;
}

export interface ReportRange {
  /** Runs that started at or after this instant. */
  readonly since: Date;
  /** Runs that started before this instant. */
  readonly until: Date;
  readonly symbol?: string;
  readonly limit: number;
}

type ReportRow = QualityReportRow<StoredReport>;

/**
 * Reports live in data_quality_logs: one 'quality_report' row whose details
 * hold the summary, and one row per finding (storage's
 * QualityReportLogRepository reads them). All rows of a run are inserted
 * by one statement, so they share its timestamp.
 */
export class QualityReportRepository {
  private readonly logs: QualityLogRepository;
  private readonly rows: QualityReportLogRepository;
  private readonly ledger: QualityFindingRepository;

  constructor(dataSource: DataSource) {
    this.logs = new QualityLogRepository(dataSource);
    this.rows = new QualityReportLogRepository(dataSource);
    this.ledger = new QualityFindingRepository(dataSource);
  }

  /**
   * Reconciles the findings ledger with the run (new, persisting, resolved),
   * then stores the report with those counts. A run that checked nothing
   * judged nothing, so it resolves nothing. The two steps are separate
   * statements: a report that fails to store after the reconciliation leaves
   * the ledger as the run saw the data, and the next run reconciles from there.
   */
  async save(report: QualityReport, meta: ReportMeta): Promise<StoredReport> {
    const lifecycle = meta.nothingChecked === undefined ? await this.reconcile(report, meta) : undefined;
    const details: StoredReport = { ...summaryOf(report, meta), ...(lifecycle === undefined ? {} : { lifecycle }) };
    const overallMissingCritical = missingShareExceeds(
      report.counts.missing_bar,
      meta.expectedBars,
      meta.maxMissingRatio,
    );
    const symbolsOver = new Set(report.symbolsOverMissingThreshold.map((s) => s.symbol));
    const missingCritical = (symbol: string | null) =>
      overallMissingCritical || (symbol !== null && symbolsOver.has(symbol));
    const entries: QualityLogEntry[] = [
      {
        symbol: null,
        checkType: 'quality_report',
        status: reportStatus(details),
        message: describeReport(details),
        details: details as unknown as Record<string, unknown>,
      },
      ...report.findings.map((finding) => findingEntry(report.runId, finding, missingCritical)),
    ];
    await this.logs.insert(entries);
    return { ...details, findings: report.findings };
  }

  private reconcile(report: QualityReport, meta: ReportMeta): Promise<FindingLifecycleCounts> {
    return this.ledger.reconcile({
      runId: report.runId,
      seenAt: report.finishedAt,
      findings: report.findings.map(seenFinding),
      scope: meta.scope ?? 'all',
    });
  }

  /** Whether a report of this schedule slot is stored (it cannot be older than the slot). */
  hasSlot(slot: Date, executor?: SqlExecutor): Promise<boolean> {
    return this.rows.hasSlot(slot, executor);
  }

  /** The newest report's summary (counts, outcome, alert level), without its findings. */
  async latestSummary(): Promise<StoredReport | null> {
    const rows = await this.latestRows();
    return rows.length === 0 ? null : withOutcome(rows[0].details);
  }

  async latest(): Promise<StoredReport | null> {
    const rows = await this.latestRows();
    if (rows.length === 0) return null;
    return { ...withOutcome(rows[0].details), findings: await this.findingsOf(rows[0]) };
  }

  private latestRows(): Promise<ReportRow[]> {
    return this.rows.latest<StoredReport>();
  }

  async between(range: ReportRange): Promise<StoredReport[]> {
    const rows = await this.rows.between<StoredReport>(range.since, range.until, range.limit);
    if (range.symbol === undefined) return rows.map((row) => withOutcome(row.details));
    const reports: StoredReport[] = [];
    for (const row of rows)
      reports.push({ ...withOutcome(row.details), findings: await this.findingsOf(row, range.symbol) });
    return reports;
  }

  private async findingsOf(row: ReportRow, symbol?: string): Promise<QualityFinding[]> {
    const findings = await this.rows.findings(row.stamp, row.details.runId, symbol);
    return findings.map((f) => ({
      checkType: f.check_type,
      symbol: f.symbol,
      date: f.details.date,
      code: f.details.code,
      detail: f.message,
    })) as QualityFinding[];
  }
}

/** The report as /reports serves it, with its findings. */
export function storedReportOf(report: QualityReport, meta: ReportMeta): StoredReport {
  return { ...summaryOf(report, meta), findings: report.findings };
}

function summaryOf(report: QualityReport, meta: ReportMeta): StoredReport {
  return {
    runId: report.runId,
    trigger: meta.trigger,
    ...(meta.slot === undefined ? {} : { slot: meta.slot.toISOString() }),
    startedAt: report.startedAt.toISOString(),
    finishedAt: report.finishedAt.toISOString(),
    ...(meta.nothingChecked === undefined
      ? { outcome: 'checked' as const, alertLevel: report.alertLevel }
      : { outcome: 'nothing_checked' as const, reason: meta.nothingChecked, alertLevel: null }),
    counts: report.counts,
    symbolsChecked: report.symbolsChecked,
    barsChecked: meta.barsChecked,
    expectedBars: meta.expectedBars,
    symbolsOverMissingThresholdCount: report.symbolsOverMissingThreshold.length,
    symbolsOverMissingThreshold: report.symbolsOverMissingThreshold.slice(0, MISSING_SYMBOLS_KEPT),
    ...(meta.mode === undefined
      ? {}
      : { mode: meta.mode, symbolsRechecked: meta.symbolsRechecked, symbolsExtended: meta.symbolsExtended }),
    ...(meta.fullRunReason === undefined ? {} : { fullRunReason: meta.fullRunReason }),
  };
}

function seenFinding(finding: QualityFinding): SeenFinding {
  return {
    key: findingKey(finding),
    checkType: finding.checkType,
    code: finding.code,
    symbol: finding.symbol,
    date: finding.date,
    detail: finding.detail,
  };
}

function findingEntry(
  runId: string,
  finding: QualityFinding,
  missingCritical: (symbol: string | null) => boolean,
): QualityLogEntry {
  const critical =
    CORRUPTION_CODES.includes(finding.code) || (finding.code === 'missing_bar' && missingCritical(finding.symbol));
  return {
    symbol: finding.symbol,
    checkType: finding.checkType,
    status: critical ? 'critical' : 'warning',
    message: finding.detail,
    details: { runId, code: finding.code, date: finding.date },
  };
}

export function describeReport(report: StoredReport): string {
  if (report.alertLevel === null) return `quality run ${report.runId}: nothing checked, ${report.reason}`;
  const found = Object.entries(report.counts)
    .filter(([, count]) => count > 0)
    .map(([code, count]) => `${code} ${count}`);
  const what = found.length === 0 ? 'no findings' : found.join(', ');
  return `quality run ${report.runId}: alert level ${report.alertLevel} (${reportStatus(report)}), ${report.symbolsChecked} symbols, ${what}`;
}

/** Reports stored before runs could check nothing have no outcome: they checked. */
function withOutcome(details: StoredReport): StoredReport {
  return details.outcome === undefined ? { ...details, outcome: 'checked' } : details;
}
