import { randomUUID } from 'node:crypto';
import { buildQualityReport, type QualityReport, type TradingCalendar } from '@mdi/domain';
import { SymbolRepository } from '@mdi/storage';
import type { DataSource } from 'typeorm';
import { analyzeBars } from '../analysis/quality-analyzer';
import { withBarSnapshot } from '../loading/bar-frame.loader';
import { loadSplitLedger } from '../loading/split-ledger.loader';
import { QualityReportRepository, storedReportOf } from '../report/quality-report.repository';
import type { NothingCheckedReason, RunTrigger, StoredReport } from '../report/stored-report';

export interface QualityRunSettings {
  /** MAX_MISSING_DATA_THRESHOLD. */
  readonly maxMissingRatio: number;
  /** ANOMALY_DETECTION_ENABLED. */
  readonly anomalyDetection: boolean;
}

export interface QualityRunOutcome {
  readonly report: QualityReport;
  readonly stored: StoredReport;
  readonly timings: { readonly loadMs: number; readonly analyzeMs: number; readonly storeMs: number };
}

/**
 * One quality run: load every bar into a polars frame, run the checks, store
 * the report. No framework here, so the service, the validate-data command
 * and the benchmark run exactly the same code. Without a stored bar the run
 * judges nothing: its report says so (outcome nothing_checked, with the
 * reason) instead of an ok, and holds no findings (every active symbol would
 * otherwise be "stale" before the first backfill).
 */
export class QualityRunner {
  private readonly reports: QualityReportRepository;

  constructor(
    private readonly dataSource: DataSource,
    private readonly calendar: TradingCalendar,
    private readonly settings: QualityRunSettings,
    private readonly clock: () => Date = () => new Date(),
  ) {
    this.reports = new QualityReportRepository(dataSource);
  }

  /**
   * `store: false` (the validate-data command) computes the report without
   * writing it; `slot` marks a scheduled run's report with its schedule slot.
   */
  async run(trigger: RunTrigger, options: { store?: boolean; slot?: Date } = {}): Promise<QualityRunOutcome> {
    const startedAt = this.clock();
    const t0 = performance.now();
    const inputs = Promise.all([this.activeSymbols(), loadSplitLedger(this.dataSource)]);
    // Awaited once the bars are in; a failure before that must not count as unhandled.
    inputs.catch(() => undefined);
    let t1 = 0;
    const result = await withBarSnapshot(this.dataSource, {}, async (source) => {
      const [activeSymbols, splits] = await inputs;
      t1 = performance.now();
      return analyzeBars(source, {
        calendar: this.calendar,
        now: startedAt,
        activeSymbols,
        splits,
        anomalyDetection: this.settings.anomalyDetection,
      });
    });
    const nothingChecked = result.barsChecked === 0 ? await this.whyNothingChecked() : undefined;
    const t2 = performance.now();
    const elapsed = Math.round(t2 - t0);
    const report = buildQualityReport({
      runId: randomUUID(),
      startedAt,
      finishedAt: new Date(startedAt.getTime() + elapsed),
      findings: nothingChecked ? [] : result.findings,
      symbolsChecked: result.symbolsChecked,
      expectedBars: result.expectedBars,
      maxMissingRatio: this.settings.maxMissingRatio,
      missingBySymbol: nothingChecked ? [] : result.missingBySymbol,
    });
    const meta = {
      trigger,
      slot: options.slot,
      barsChecked: result.barsChecked,
      expectedBars: result.expectedBars,
      maxMissingRatio: this.settings.maxMissingRatio,
      nothingChecked,
    };
    const stored = options.store !== false ? await this.reports.save(report, meta) : storedReportOf(report, meta);
    const t3 = performance.now();
    return { report, stored, timings: { loadMs: t1 - t0, analyzeMs: t2 - t1, storeMs: t3 - t2 } };
  }

  private async whyNothingChecked(): Promise<NothingCheckedReason> {
    return (await new SymbolRepository(this.dataSource).count()) === 0
      ? 'no symbols in the universe'
      : 'no bars stored yet';
  }

  private activeSymbols(): Promise<string[]> {
    return new SymbolRepository(this.dataSource).activeSymbols();
  }
}
