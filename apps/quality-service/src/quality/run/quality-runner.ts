import { randomUUID } from 'node:crypto';
import { buildQualityReport, type QualityReport, type TradingCalendar } from '@mdi/domain';
import { serviceVersion } from '@mdi/platform';
import {
  ChangeWatermarkRepository,
  type ChangeSeq,
  type QualityBaseline,
  QualityBaselineRepository,
  type QualitySymbolState,
  QualityUniverseRepository,
  SymbolRepository,
} from '@mdi/storage';
import type { DataSource } from 'typeorm';
import { mergeAnalyses } from '../analysis/merge-analyses';
import { type AnalysisResult, analyzeBars } from '../analysis/quality-analyzer';
import type { QualityCheck } from '../checks/quality-check';
import { QUALITY_CHECKS } from '../checks/quality-checks';
import type { SplitLedger } from '../checks/split-ledger';
import { staleDataCheck } from '../checks/stale-data.check';
import { withBarSnapshot } from '../loading/bar-frame.loader';
import { loadSplitLedger } from '../loading/split-ledger.loader';
import { QualityReportRepository, storedReportOf } from '../report/quality-report.repository';
import type { FullRunReason, NothingCheckedReason, RunMode, RunTrigger, StoredReport } from '../report/stored-report';
import { symbolBatches } from './symbol-batches';
import { resultFromStates, statesOf } from './symbol-states';

export interface QualityRunSettings {
  /** MAX_MISSING_DATA_THRESHOLD. */
  readonly maxMissingRatio: number;
  /** ANOMALY_DETECTION_ENABLED. */
  readonly anomalyDetection: boolean;
  /** QUALITY_BATCH_SYMBOLS: symbols loaded and checked together; Infinity for all at once. */
  readonly batchSymbols?: number;
  /** QUALITY_FULL_RUN_INTERVAL in ms: an incremental run checks everything once the last full run is this old. */
  readonly fullRunIntervalMs?: number;
  /** What the checks' results depend on besides the data and settings; the release by default. */
  readonly checksRevision?: string;
}

/** QUALITY_BATCH_SYMBOLS' default: see apps/quality-service/README.md "Batches". */
export const DEFAULT_QUALITY_BATCH_SYMBOLS = 1000;

/** QUALITY_FULL_RUN_INTERVAL's default, in seconds: one full run a day. */
export const DEFAULT_QUALITY_FULL_RUN_INTERVAL_SECONDS = 86_400;

export interface QualityRunOptions {
  /** false (the validate-data command): compute the report, write neither it nor the baseline. */
  readonly store?: boolean;
  /** A scheduled run's schedule slot, stored with its report. */
  readonly slot?: Date;
  /** `incremental`: check only the symbols that changed since the baseline (a full run when there is none). */
  readonly mode?: RunMode;
}

export interface QualityRunOutcome {
  readonly report: QualityReport;
  readonly stored: StoredReport;
  readonly timings: { readonly loadMs: number; readonly analyzeMs: number; readonly storeMs: number };
  /** Whether the run's state became the baseline (false: not stored, or another run wrote one meanwhile). */
  readonly baselineWritten: boolean;
}

/** What a run checks: every symbol, or the changed ones on top of a baseline. */
type RunPlan =
  | { readonly mode: 'full'; readonly mark: ChangeSeq; readonly reason?: FullRunReason }
  | {
      readonly mode: 'incremental';
      readonly mark: ChangeSeq;
      readonly baseline: QualityBaseline;
      readonly changed: string[];
    };

/**
 * One quality run. A full run loads the universe (every symbol with a
 * stored bar, plus the active ones) in batches of `batchSymbols` symbols,
 * each into polars frames from its own snapshot, checks it and drops it
 * before the next, so peak memory follows the batch size, not the history
 * or the universe. An incremental run loads only the symbols whose bars or
 * splits changed since the baseline (the change watermarks the writers keep)
 * and carries the other symbols' findings and counts over from the baseline:
 * every check but `stale` works per symbol on that symbol's bars, and `stale`
 * (the only one the clock moves) is recomputed for every symbol from the last
 * session each one has. Either way the report is rebuilt from every symbol's
 * state, so a full and an incremental run over the same data give the same
 * report, finding for finding; the states then become the next baseline.
 *
 * No framework here, so the service, the validate-data command and the
 * benchmark run exactly the same code. Without a stored bar the run judges
 * nothing: its report says so (outcome nothing_checked, with the reason)
 * instead of an ok, and holds no findings.
 */
export class QualityRunner {
  private readonly reports: QualityReportRepository;
  private readonly baselines: QualityBaselineRepository;
  private readonly watermarks: ChangeWatermarkRepository;
  private readonly batchSymbols: number;
  private readonly checks: readonly QualityCheck[];

  constructor(
    private readonly dataSource: DataSource,
    private readonly calendar: TradingCalendar,
    private readonly settings: QualityRunSettings,
    private readonly clock: () => Date = () => new Date(),
  ) {
    this.reports = new QualityReportRepository(dataSource);
    this.baselines = new QualityBaselineRepository(dataSource);
    this.watermarks = new ChangeWatermarkRepository(dataSource);
    this.batchSymbols = settings.batchSymbols ?? DEFAULT_QUALITY_BATCH_SYMBOLS;
    symbolBatches([], this.batchSymbols);
    this.checks = QUALITY_CHECKS.filter((check) => settings.anomalyDetection || !check.anomaly);
  }

  async run(trigger: RunTrigger, options: QualityRunOptions = {}): Promise<QualityRunOutcome> {
    const startedAt = this.clock();
    const t0 = performance.now();
    const [activeSymbols, splits] = await Promise.all([this.activeSymbols(), loadSplitLedger(this.dataSource)]);
    const fingerprint = this.fingerprint(splits);
    const plan = await this.plan(options.mode ?? 'full', fingerprint, startedAt);
    const toCheck =
      plan.mode === 'full' ? await new QualityUniverseRepository(this.dataSource).symbolsToCheck() : plan.changed;
    let loadMs = performance.now() - t0;
    const parts: AnalysisResult[] = [];
    const batches = symbolBatches(toCheck, this.batchSymbols);
    for (const batch of batches) {
      const batchStart = performance.now();
      // A full run in one batch reads the whole table, without a symbol list to match every row against.
      const scope = plan.mode === 'full' && batches.length === 1 ? {} : { symbols: batch };
      // Only this batch's small result outlives the callback; its frames are dropped before the next batch loads.
      const part = await withBarSnapshot(this.dataSource, scope, (source) => {
        loadMs += performance.now() - batchStart;
        return analyzeBars(source, {
          calendar: this.calendar,
          now: startedAt,
          activeSymbols: [],
          splits,
          anomalyDetection: this.settings.anomalyDetection,
          checks: this.checks.filter((check) => check.name !== staleDataCheck.name),
        });
      });
      parts.push(part);
    }
    const checked = statesOf(mergeAnalyses(parts));
    const states = plan.mode === 'full' ? checked : carriedOver(plan.baseline, plan.changed, checked);
    const result = resultFromStates(states, {
      checks: this.checks,
      activeSymbols,
      calendar: this.calendar,
      now: startedAt,
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
      mode: plan.mode,
      symbolsRechecked: toCheck.length,
      fullRunReason: plan.mode === 'full' ? plan.reason : undefined,
    };
    const store = options.store !== false;
    const stored = store ? await this.reports.save(report, meta) : storedReportOf(report, meta);
    const baselineWritten = store && (await this.writeBaseline(plan, report, fingerprint, checked, states));
    const t3 = performance.now();
    return { report, stored, timings: { loadMs, analyzeMs: t2 - t0 - loadMs, storeMs: t3 - t2 }, baselineWritten };
  }

  /**
   * The change mark is taken before anything is loaded: whatever commits
   * after it (or is in flight at it) is reported again to the next run,
   * so a baseline never claims a change it did not see.
   */
  private async plan(mode: RunMode, fingerprint: string, now: Date): Promise<RunPlan> {
    if (mode === 'full') return { mode, mark: await this.watermarks.currentSeq() };
    const baseline = await this.baselines.read();
    const reason: FullRunReason | undefined =
      baseline === null
        ? 'no baseline yet'
        : baseline.fingerprint !== fingerprint
          ? 'checks, settings or splits coverage changed'
          : now.getTime() - baseline.fullRunAt.getTime() >= this.fullRunIntervalMs()
            ? 'full run due'
            : undefined;
    if (baseline === null || reason !== undefined) {
      return { mode: 'full', mark: await this.watermarks.currentSeq(), reason };
    }
    const changes = await this.watermarks.changedSince(baseline.changeSeq);
    const changed = [...new Set([...changes.symbols.map((c) => c.symbol), ...changes.splitSymbols])].sort();
    return { mode: 'incremental', mark: changes.upTo, baseline, changed };
  }

  private writeBaseline(
    plan: RunPlan,
    report: QualityReport,
    fingerprint: string,
    checked: readonly QualitySymbolState[],
    states: readonly QualitySymbolState[],
  ): Promise<boolean> {
    const common = { runId: report.runId, at: report.startedAt, changeSeq: plan.mark, fingerprint };
    if (plan.mode === 'full')
      return this.baselines.write({ ...common, kind: { full: true }, upsert: states, remove: [] });
    const found = new Set(checked.map((state) => state.symbol));
    return this.baselines.write({
      ...common,
      kind: { full: false, readGeneration: plan.baseline.generation },
      upsert: checked,
      remove: plan.changed.filter((symbol) => !found.has(symbol)),
    });
  }

  /** The release, the settings that change findings and the splits coverage: a baseline is valid only for these. */
  private fingerprint(splits: SplitLedger): string {
    return JSON.stringify({
      checks: this.settings.checksRevision ?? serviceVersion(),
      anomalyDetection: this.settings.anomalyDetection,
      splitsCoverage: splits.describeCoverage(),
    });
  }

  private fullRunIntervalMs(): number {
    return this.settings.fullRunIntervalMs ?? DEFAULT_QUALITY_FULL_RUN_INTERVAL_SECONDS * 1000;
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

/**
 * The baseline's states with the changed symbols' replaced by what they are
 * now (a changed symbol without a bar any more has none), in code-unit
 * order. The baseline is read in the database's collation, hence the sort.
 */
function carriedOver(
  baseline: QualityBaseline,
  changed: readonly string[],
  checked: readonly QualitySymbolState[],
): QualitySymbolState[] {
  const rechecked = new Set(changed);
  const kept = baseline.symbols.filter((state) => !rechecked.has(state.symbol));
  return [...kept, ...checked].sort((a, b) => (a.symbol < b.symbol ? -1 : a.symbol > b.symbol ? 1 : 0));
}
