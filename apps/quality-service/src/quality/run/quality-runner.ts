import { randomUUID } from 'node:crypto';
import { buildQualityReport, type QualityReport, type TradingCalendar } from '@mdi/domain';
import {
  ChangeWatermarkRepository,
  type ChangeSeq,
  type PriceWindow,
  type QualityBaseline,
  QualityBaselineRepository,
  type QualitySymbolState,
  QualityUniverseRepository,
  SymbolRepository,
} from '@mdi/storage';
import type { DataSource } from 'typeorm';
import { mergeAnalyses } from '../analysis/merge-analyses';
import { type AnalysisResult, analyzeBarsAnd } from '../analysis/quality-analyzer';
import { priceJumpCheck } from '../checks/price-jump.check';
import type { CheckContext, QualityCheck } from '../checks/quality-check';
import { DEFAULT_RECONCILE_SETTINGS, type ReconcileSettings } from '../checks/reconcile-settings';
import { QUALITY_CHECKS } from '../checks/quality-checks';
import type { SplitLedger } from '../checks/split-ledger';
import { staleDataCheck } from '../checks/stale-data.check';
import { type BarFrameScope, type BarSource, withBarSnapshot } from '../loading/bar-frame.loader';
import { loadSplitLedger } from '../loading/split-ledger.loader';
import { QualityReportRepository, storedReportOf } from '../report/quality-report.repository';
import type { FullRunReason, NothingCheckedReason, RunMode, RunTrigger, StoredReport } from '../report/stored-report';
import { barsAfter } from './bars-after';
import { checksRevision } from './checks-revision';
import { extendedState } from './extended-state';
import { type IncrementalWork, incrementalWork, loadBatches } from './incremental-plan';
import { extendPriceWindows, pricedBarsAfter } from './price-window';
import { symbolsWithResumedSource } from './resumed-sources';
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
  /** QUALITY_RECONCILE_*: how far two sources' bars may be apart; DEFAULT_RECONCILE_SETTINGS by default. */
  readonly reconcile?: ReconcileSettings;
  /** What the checks' results depend on besides the data and settings; checksRevision() by default. */
  readonly checksRevision?: string;
}

/** QUALITY_BATCH_SYMBOLS' default: see apps/quality-service/README.md "Batches". */
export const DEFAULT_QUALITY_BATCH_SYMBOLS = 1000;

/**
 * Symbols an extension loads together, per QUALITY_BATCH_SYMBOLS: it reads a
 * symbol's bars from its last session on (two or three after an end-of-day
 * update), far less than a tenth of any history, so ten times as many
 * symbols still take less memory than one batch.
 */
const EXTENSION_BATCH_FACTOR = 10;

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
  /** Bars this run read from the database. */
  readonly barsLoaded: number;
}

/** What a run checks: every symbol, or the changed ones on top of a baseline. */
type RunPlan =
  | {
      readonly mode: 'full';
      readonly mark: ChangeSeq;
      readonly readGeneration: string | null;
      readonly reason?: FullRunReason;
    }
  | {
      readonly mode: 'incremental';
      readonly mark: ChangeSeq;
      readonly baseline: QualityBaseline;
      readonly work: IncrementalWork;
    };

interface CheckedStates {
  readonly states: readonly QualitySymbolState[];
  readonly barsLoaded: number;
}

interface ExtendedStates extends CheckedStates {
  /** Symbols the extension cannot judge (symbolsWithResumedSource): to be loaded whole. */
  readonly resumed: readonly string[];
}

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
  /** The checks run on loaded bars: all but stale, which is rebuilt from every symbol's state. */
  private readonly perSymbolChecks: readonly QualityCheck[];
  /** The checks an extension runs on the bars from a symbol's last session on: price_jump reads its stored window. */
  private readonly suffixChecks: readonly QualityCheck[];
  private readonly reconcile: ReconcileSettings;

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
    this.reconcile = settings.reconcile ?? DEFAULT_RECONCILE_SETTINGS;
    symbolBatches([], this.batchSymbols);
    this.checks = QUALITY_CHECKS.filter((check) => settings.anomalyDetection || !check.anomaly);
    this.perSymbolChecks = this.checks.filter((check) => check.name !== staleDataCheck.name);
    this.suffixChecks = this.perSymbolChecks.filter((check) => check.name !== priceJumpCheck.name);
  }

  async run(trigger: RunTrigger, options: QualityRunOptions = {}): Promise<QualityRunOutcome> {
    const startedAt = this.clock();
    const t0 = performance.now();
    const { plan, splits, fingerprint } = await this.plan(options.mode ?? 'full', startedAt);
    const activeSymbols = await this.activeSymbols();
    const reload =
      plan.mode === 'full' ? await new QualityUniverseRepository(this.dataSource).symbolsToCheck() : plan.work.reload;
    const extend = plan.mode === 'full' ? [] : plan.work.extend;
    const timer = { loadMs: performance.now() - t0 };
    const reloaded = await this.checkWhole(reload, plan.mode === 'full', splits, startedAt, timer);
    const extended = await this.checkAppended(extend, splits, startedAt, timer);
    const resumed = await this.checkWhole(extended.resumed, false, splits, startedAt, timer);
    const wholes = [...reload, ...extended.resumed];
    const checked = [...reloaded.states, ...extended.states, ...resumed.states];
    const states =
      plan.mode === 'full' ? checked : carriedOver(plan.baseline, [...reload, ...extend.map((s) => s.symbol)], checked);
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
      symbolsRechecked: wholes.length,
      symbolsExtended: extend.length - extended.resumed.length,
      fullRunReason: plan.mode === 'full' ? plan.reason : undefined,
    };
    const loadedWhole = new Set([...reloaded.states, ...resumed.states].map((state) => state.symbol));
    const gone = wholes.filter((symbol) => !loadedWhole.has(symbol));
    // The report and the baseline go at once, on two connections: neither reads the other (the next report is
    // rebuilt from the states, and the states hold no report), so either may fail without the other being wrong.
    const [stored, baselineWritten] =
      options.store === false
        ? [storedReportOf(report, meta), false]
        : await bothSettled(
            this.reports.save(report, meta),
            this.writeBaseline(plan, report, fingerprint, checked, gone),
          );
    const t3 = performance.now();
    return {
      report,
      stored,
      timings: { loadMs: timer.loadMs, analyzeMs: t2 - t0 - timer.loadMs, storeMs: t3 - t2 },
      baselineWritten,
      barsLoaded: reloaded.barsLoaded + extended.barsLoaded + resumed.barsLoaded,
    };
  }

  /**
   * Every bar of these symbols, in batches of `batchSymbols` symbols, each
   * loaded from its own snapshot, checked and dropped before the next: peak
   * memory follows the batch size. A full run in one batch reads the whole
   * table, without a symbol list to match every row against.
   */
  private async checkWhole(
    symbols: readonly string[],
    everything: boolean,
    splits: SplitLedger,
    now: Date,
    timer: { loadMs: number },
  ): Promise<CheckedStates> {
    const batches = symbolBatches(symbols, this.batchSymbols);
    const parts: AnalysisResult[] = [];
    for (const batch of batches) {
      const scope = everything && batches.length === 1 ? {} : { symbols: batch };
      const { result } = await this.analyze(scope, splits, now, timer, this.perSymbolChecks, async () => undefined, {
        priceWindows: true,
      });
      parts.push(result);
    }
    const merged = mergeAnalyses(parts);
    return { states: statesOf(merged), barsLoaded: merged.barsChecked };
  }

  /**
   * Symbols that only gained newer bars, each loaded from its last session
   * on (symbols in order of that day, so one load starts near where each of
   * its symbols needs it): every rule but price_jump judges a bar by the one
   * before it at most, and price_jump judges the new sessions by the window
   * kept in the state. Each state is extended with what they found, except
   * where a source resumed after lagging (symbolsWithResumedSource): those
   * are returned to be loaded whole.
   */
  private async checkAppended(
    olds: readonly QualitySymbolState[],
    splits: SplitLedger,
    now: Date,
    timer: { loadMs: number },
  ): Promise<ExtendedStates> {
    const states: QualitySymbolState[] = [];
    const resumed: string[] = [];
    let barsLoaded = 0;
    const names = this.perSymbolChecks.map((check) => check.name);
    const judge = names.includes(priceJumpCheck.name) ? { splits } : null;
    const sessionsFromTo = memoised((from: string, to: string) => this.calendar.sessionsBetween(from, to).length);
    for (const batch of loadBatches(olds, this.batchSymbols * EXTENSION_BATCH_FACTOR)) {
      const lastBarDays = new Map(batch.map((state) => [state.symbol, state.lastBarDay]));
      const windows = new Map(batch.map((state) => [state.symbol, state.priceWindow as PriceWindow]));
      const windowEnds = new Map([...windows].map(([symbol, window]) => [symbol, window.days[window.days.length - 1]]));
      const scope = {
        symbols: batch.map((state) => state.symbol),
        from: batch[0].lastSessionDay as string,
        streams: 1,
        withSource: true,
      };
      const lastSessionDays = new Map(batch.map((state) => [state.symbol, state.lastSessionDay as string]));
      const { result, extra } = await this.analyze(
        scope,
        splits,
        now,
        timer,
        this.suffixChecks,
        async (context) => ({
          newBars: barsAfter(context.bars, lastBarDays),
          gained: pricedBarsAfter(context, windowEnds),
          resumed: new Set(symbolsWithResumedSource(context, lastSessionDays)),
        }),
        // The windows are moved on from the stored ones (extendPriceWindows), never taken from a few bars.
        { priceWindows: false },
      );
      barsLoaded += result.barsChecked;
      const extensions = extendPriceWindows(windows, extra.gained, judge);
      const suffixes = new Map(statesOf(result).map((state) => [state.symbol, state]));
      resumed.push(...extra.resumed);
      for (const old of batch) {
        if (extra.resumed.has(old.symbol)) continue;
        const suffix = suffixes.get(old.symbol);
        // No bar from its last session on: rewritten since the changes were read. It keeps its baseline state in
        // this report; the next run finds that change and reloads it.
        states.push(
          suffix === undefined
            ? old
            : extendedState(old, suffix, {
                newBars: extra.newBars.get(old.symbol) ?? 0,
                priceWindow: extensions.get(old.symbol),
                checks: names,
                sessionsFromTo,
              }),
        );
      }
    }
    return { states, barsLoaded, resumed };
  }

  /** One batch: loaded from one snapshot, checked, and `also` computed on its frames before they are dropped. */
  private async analyze<T>(
    scope: BarFrameScope,
    splits: SplitLedger,
    now: Date,
    timer: { loadMs: number },
    checks: readonly QualityCheck[],
    also: (context: CheckContext, source: BarSource) => Promise<T>,
    { priceWindows }: { readonly priceWindows: boolean },
  ): Promise<{ result: AnalysisResult; extra: T }> {
    const batchStart = performance.now();
    return withBarSnapshot(this.dataSource, scope, async (source) => {
      timer.loadMs += performance.now() - batchStart;
      const { result, inspected } = await analyzeBarsAnd(
        source,
        {
          calendar: this.calendar,
          now,
          activeSymbols: [],
          splits,
          anomalyDetection: this.settings.anomalyDetection,
          reconcile: this.reconcile,
          checks,
          priceWindows,
        },
        (context) => context,
      );
      return { result, extra: await also(inspected, source) };
    });
  }

  /**
   * The change mark is taken before anything is read (the baseline aside):
   * whatever commits after it, or is in flight at it, is reported again to
   * the next run, so a baseline never claims a change it did not see. The
   * splits ledger is read after it too: a split recorded meanwhile is
   * reported again rather than missed.
   */
  private async plan(mode: RunMode, now: Date): Promise<{ plan: RunPlan; splits: SplitLedger; fingerprint: string }> {
    const baseline = mode === 'incremental' ? await this.baselines.read() : null;
    const readGeneration = mode === 'incremental' ? (baseline?.generation ?? null) : await this.baselines.generation();
    const changes = baseline === null ? null : await this.watermarks.changedSince(baseline.changeSeq);
    const mark = changes?.upTo ?? (await this.watermarks.currentSeq());
    const splits = await loadSplitLedger(this.dataSource);
    const fingerprint = this.fingerprint(splits);
    const reason: FullRunReason | undefined =
      mode === 'full'
        ? undefined
        : baseline === null
          ? 'no baseline yet'
          : baseline.fingerprint !== fingerprint
            ? 'checks, settings or splits coverage changed'
            : now.getTime() - baseline.fullRunAt.getTime() >= this.fullRunIntervalMs()
              ? 'full run due'
              : undefined;
    const plan: RunPlan =
      baseline === null || changes === null || reason !== undefined
        ? { mode: 'full', mark, readGeneration, reason }
        : { mode: 'incremental', mark, baseline, work: incrementalWork(baseline, changes) };
    return { plan, splits, fingerprint };
  }

  private writeBaseline(
    plan: RunPlan,
    report: QualityReport,
    fingerprint: string,
    checked: readonly QualitySymbolState[],
    gone: readonly string[],
  ): Promise<boolean> {
    const common = { runId: report.runId, at: report.startedAt, changeSeq: plan.mark, fingerprint, upsert: checked };
    return plan.mode === 'full'
      ? this.baselines.write({ ...common, full: true, readGeneration: plan.readGeneration, remove: [] })
      : this.baselines.write({ ...common, full: false, readGeneration: plan.baseline.generation, remove: gone });
  }

  /**
   * The release, the settings that change findings (the anomaly switch, the
   * reconciliation tolerances) and the
   * splits coverage: a baseline is valid only for these.
   */
  private fingerprint(splits: SplitLedger): string {
    return JSON.stringify({
      checks: this.settings.checksRevision ?? checksRevision(),
      anomalyDetection: this.settings.anomalyDetection,
      reconcile: this.reconcile,
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

/** Both results once both have settled (no write is left running), or the first failure. */
async function bothSettled<A, B>(a: Promise<A>, b: Promise<B>): Promise<[A, B]> {
  const [first, second] = await Promise.allSettled([a, b]);
  if (first.status === 'rejected') throw first.reason;
  if (second.status === 'rejected') throw second.reason;
  return [first.value, second.value];
}

/** f with its answers kept: after an end-of-day update every extended symbol asks the same question. */
function memoised<R>(f: (from: string, to: string) => R): (from: string, to: string) => R {
  const answers = new Map<string, R>();
  return (from, to) => {
    const key = `${from} ${to}`;
    let answer = answers.get(key);
    if (answer === undefined) {
      answer = f(from, to);
      answers.set(key, answer);
    }
    return answer;
  };
}
