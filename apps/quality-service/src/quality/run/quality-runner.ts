import { randomUUID } from 'node:crypto';
import { buildQualityReport, type QualityReport, type TradingCalendar } from '@mdi/domain';
import { QualityUniverseRepository, SymbolRepository } from '@mdi/storage';
import type { DataSource } from 'typeorm';
import { mergeAnalyses } from '../analysis/merge-analyses';
import { type AnalysisResult, analyzeBars } from '../analysis/quality-analyzer';
import { withBarSnapshot } from '../loading/bar-frame.loader';
import { loadSplitLedger } from '../loading/split-ledger.loader';
import { QualityReportRepository, storedReportOf } from '../report/quality-report.repository';
import type { NothingCheckedReason, RunTrigger, StoredReport } from '../report/stored-report';
import { symbolBatches } from './symbol-batches';

export interface QualityRunSettings {
  /** MAX_MISSING_DATA_THRESHOLD. */
  readonly maxMissingRatio: number;
  /** ANOMALY_DETECTION_ENABLED. */
  readonly anomalyDetection: boolean;
  /** QUALITY_BATCH_SYMBOLS: symbols loaded and checked together; Infinity for all at once. */
  readonly batchSymbols?: number;
}

/** QUALITY_BATCH_SYMBOLS' default: see apps/quality-service/README.md "Batches". */
export const DEFAULT_QUALITY_BATCH_SYMBOLS = 1000;

export interface QualityRunOutcome {
  readonly report: QualityReport;
  readonly stored: StoredReport;
  readonly timings: { readonly loadMs: number; readonly analyzeMs: number; readonly storeMs: number };
}

/**
 * One quality run: the universe (every symbol with a stored bar, plus the
 * active ones) in batches of `batchSymbols` symbols, each loaded into polars
 * frames from its own snapshot and checked, then dropped before the next, so
 * peak memory follows the batch size, not the history or the universe; the
 * batches' results merge into one report, the same whatever the batch size
 * (mergeAnalyses). Then the report is stored. No framework here, so the
 * service, the validate-data command and the benchmark run exactly the same
 * code. Each batch reads its own snapshot: a symbol whose first bar is
 * written after the run listed its symbols waits for the next run. Without a stored bar the run
 * judges nothing: its report says so (outcome nothing_checked, with the
 * reason) instead of an ok, and holds no findings (every active symbol would
 * otherwise be "stale" before the first backfill).
 */
export class QualityRunner {
  private readonly reports: QualityReportRepository;
  private readonly batchSymbols: number;

  constructor(
    private readonly dataSource: DataSource,
    private readonly calendar: TradingCalendar,
    private readonly settings: QualityRunSettings,
    private readonly clock: () => Date = () => new Date(),
  ) {
    this.reports = new QualityReportRepository(dataSource);
    this.batchSymbols = settings.batchSymbols ?? DEFAULT_QUALITY_BATCH_SYMBOLS;
    symbolBatches([], this.batchSymbols);
  }

  /**
   * `store: false` (the validate-data command) computes the report without
   * writing it; `slot` marks a scheduled run's report with its schedule slot.
   */
  async run(trigger: RunTrigger, options: { store?: boolean; slot?: Date } = {}): Promise<QualityRunOutcome> {
    const startedAt = this.clock();
    const t0 = performance.now();
    const [symbols, activeSymbols, splits] = await Promise.all([
      new QualityUniverseRepository(this.dataSource).symbolsToCheck(),
      this.activeSymbols(),
      loadSplitLedger(this.dataSource),
    ]);
    const active = new Set(activeSymbols);
    const batches = symbolBatches(symbols, this.batchSymbols);
    let loadMs = performance.now() - t0;
    const parts: AnalysisResult[] = [];
    for (const batch of batches) {
      const batchStart = performance.now();
      // One batch is the whole universe: read the whole table, without a symbol list to match every row against.
      const scope = batches.length === 1 ? {} : { symbols: batch };
      // Only this batch's small result outlives the callback; its frames are dropped before the next batch loads.
      const part = await withBarSnapshot(this.dataSource, scope, (source) => {
        loadMs += performance.now() - batchStart;
        return analyzeBars(source, {
          calendar: this.calendar,
          now: startedAt,
          activeSymbols: batch.filter((symbol) => active.has(symbol)),
          splits,
          anomalyDetection: this.settings.anomalyDetection,
        });
      });
      parts.push(part);
    }
    const result = mergeAnalyses(parts);
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
    return { report, stored, timings: { loadMs, analyzeMs: t2 - t0 - loadMs, storeMs: t3 - t2 } };
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
