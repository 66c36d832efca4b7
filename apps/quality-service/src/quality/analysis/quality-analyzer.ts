import type { QualityFinding, SymbolMissing, TradingCalendar } from '@mdi/domain';
import pl, { type DataFrame } from 'nodejs-polars';
import type { DataSource } from 'typeorm';
import type { CheckContext, QualityCheck } from '../checks/quality-check';
import { QUALITY_CHECKS } from '../checks/quality-checks';
import { DEFAULT_RECONCILE_SETTINGS, type ReconcileSettings } from '../checks/reconcile-settings';
import { SplitLedger } from '../checks/split-ledger';
import { BATCH_FRAME_DTYPES, emptyFrame } from '../loading/bar-frame';
import { type BarFrameScope, type BarSource, withBarSnapshot } from '../loading/bar-frame.loader';
import { sessionFrame } from './session-frame';
import { type SymbolSummary, symbolSummaries } from './symbol-summaries';

export interface AnalysisOptions {
  readonly calendar: TradingCalendar;
  readonly now: Date;
  readonly activeSymbols: readonly string[];
  readonly anomalyDetection: boolean;
  /** The splits ledger; without one every jump near a common split ratio is presumed a split. */
  readonly splits?: SplitLedger;
  /** The reconciliation tolerances; DEFAULT_RECONCILE_SETTINGS when absent. */
  readonly reconcile?: ReconcileSettings;
  readonly checks?: readonly QualityCheck[];
  /** false: the symbols' summaries carry no price window (see symbolSummaries); true by default. */
  readonly priceWindows?: boolean;
}

export interface AnalysisResult {
  readonly findings: QualityFinding[];
  /** The same findings, one list per check run, in check order (each sorted by symbol, then date). */
  readonly findingsByCheck: readonly (readonly QualityFinding[])[];
  /** (symbol, session) cells that should hold a bar: the denominator of the missing share. */
  readonly expectedBars: number;
  /** Symbols with missing bars: how many, of how many sessions in their active range. */
  readonly missingBySymbol: SymbolMissing[];
  readonly symbolsChecked: number;
  readonly barsChecked: number;
  /** Every loaded symbol's counts, in code-unit order. */
  readonly symbols: readonly SymbolSummary[];
}

/** Runs every enabled check over the bars of one snapshot. */
export async function analyzeBars(source: BarSource, options: AnalysisOptions): Promise<AnalysisResult> {
  return (await analyzeBarsAnd(source, options, () => undefined)).result;
}

/** analyzeBars, and `inspect` run on the frames the checks read before they are dropped. */
export async function analyzeBarsAnd<T>(
  source: BarSource,
  options: AnalysisOptions,
  inspect: (context: CheckContext) => T,
): Promise<{ result: AnalysisResult; inspected: T }> {
  const { bars } = source;
  const shared = buildContext(bars, options);
  const checks = (options.checks ?? QUALITY_CHECKS).filter((check) => options.anomalyDetection || !check.anomaly);
  const batchSymbols = [...new Set(checks.flatMap((check) => check.batchesNeeded?.(shared) ?? []))].sort();
  const context = { ...shared, batches: await source.batchesOf(batchSymbols) };
  const findingsByCheck = checks.map((check) => check.run(context));
  const symbols = new Set([...(context.ranges.getColumn('symbol').toArray() as string[]), ...options.activeSymbols]);
  const expectedBars = context.ranges.height === 0 ? 0 : (context.ranges.getColumn('expected').sum() as number);
  // One row per symbol that misses something: small enough to read into JS.
  const missing = context.ranges
    .filter(pl.col('present').lt(pl.col('expected')))
    .select(pl.col('symbol'), pl.col('expected').sub(pl.col('present')).alias('missing'), pl.col('expected'));
  const missingCounts = missing.getColumn('missing').toArray() as number[];
  const missingOf = missing.getColumn('expected').toArray() as number[];
  const missingBySymbol: SymbolMissing[] = (missing.getColumn('symbol').toArray() as string[]).map((symbol, i) => ({
    symbol,
    missing: missingCounts[i],
    expected: missingOf[i],
  }));
  const result = {
    findings: findingsByCheck.flat(),
    findingsByCheck,
    expectedBars,
    missingBySymbol,
    symbolsChecked: symbols.size,
    barsChecked: bars.height,
    symbols: symbolSummaries(context, { priceWindows: options.priceWindows }),
  };
  return { result, inspected: inspect(context) };
}

/** analyzeBars over the stored bars in scope, read from one snapshot. */
export function analyzeStoredBars(
  dataSource: DataSource,
  options: AnalysisOptions,
  scope: BarFrameScope = {},
): Promise<AnalysisResult> {
  return withBarSnapshot(dataSource, scope, (source) => analyzeBars(source, options));
}

/*
 * Everything checks share is computed once:
 * - `sid`: an integer per symbol (integer keys sort, group and join far
 *   faster than strings), the codes of a categorical cast: one pass, no
 *   sort of 2.5 M strings and no join back;
 * - `trading` on the wide frame, by set membership: a join there costs
 *   time itself and leaves a frame every later filter pays more for;
 * - one sort, of a narrow frame (the wide one would gather every column),
 *   by (sid, day, id), carrying the day's session index: the flags that
 *   compare a row with the one before it replace per-symbol window functions.
 *   (sid, day) is packed into one integer key, which polars sorts about three
 *   times faster than three columns (bench/README.md, "Why the quality load is shaped so");
 *   id only breaks ties, which exist only where a session has a second bar,
 *   so the frame is sorted again with id only then.
 */
export function buildContext(raw: DataFrame, options: AnalysisOptions): CheckContext {
  const minDay = raw.height === 0 ? 0 : (raw.getColumn('day').min() as number);
  const maxDay = raw.height === 0 ? -1 : (raw.getColumn('day').max() as number);
  const sessions = sessionFrame(options.calendar, minDay, maxDay);
  const sessionDays = sessions.getColumn('day').toArray() as number[];
  const bars = raw.withColumns(
    pl.col('symbol').cast(pl.Categorical).cast(pl.Int32).alias('sid'),
    pl.col('day').isIn(sessionDays).alias('trading'),
  );
  const byKey = bars
    .lazy()
    .select('sid', 'day', 'id', 'close', symbolDayKey(bars, minDay, maxDay))
    .join(sessions.lazy(), { on: 'day', how: 'left' })
    .sort('key')
    .collectSync();
  const sameKey = pl.col('key').eq(pl.col('key').shift(1)).fillNull(false);
  const tied = byKey.height > 0 && (byKey.select(sameKey.cast(pl.UInt32).sum()).getColumn('key').get(0) as number) > 0;
  const ordered = (tied ? byKey.sort(['key', 'id']) : byKey).withColumns(sameKey.alias('repeat')).drop('key');
  const symbols = bars.lazy().groupBy('sid').agg(pl.col('symbol').first()).collectSync();
  const ranges = ordered
    .lazy()
    .filter(pl.col('session').isNotNull().and(pl.col('repeat').not()))
    .groupBy('sid')
    .agg(
      pl.col('day').first().alias('first_day'),
      pl.col('day').last().alias('last_day'),
      pl.col('session').first().alias('first_session'),
      pl.col('session').last().alias('last_session'),
      pl.len().cast(pl.Int64).alias('present'),
    )
    .join(symbols.lazy(), { on: 'sid' })
    .withColumns(pl.col('last_session').sub(pl.col('first_session')).add(1).cast(pl.Int64).alias('expected'))
    .sort('symbol')
    .collectSync();
  return {
    bars,
    ordered,
    symbols,
    ranges,
    sessions,
    batches: emptyFrame(BATCH_FRAME_DTYPES),
    splits: options.splits ?? SplitLedger.EMPTY,
    reconcile: options.reconcile ?? DEFAULT_RECONCILE_SETTINGS,
    calendar: options.calendar,
    now: options.now,
    activeSymbols: options.activeSymbols,
  };
}

const SHORT = 1 << 16;

/** (sid, day) as one integer that sorts like the pair: UInt32 while both fit 16 bits, Int64 otherwise. */
function symbolDayKey(bars: DataFrame, minDay: number, maxDay: number) {
  const symbols = bars.height === 0 ? 0 : (bars.getColumn('sid').max() as number) + 1;
  const offset = pl.col('day').sub(minDay);
  if (symbols <= SHORT && maxDay - minDay < SHORT) {
    return pl.col('sid').cast(pl.UInt32).mul(pl.lit(SHORT).cast(pl.UInt32)).add(offset.cast(pl.UInt32)).alias('key');
  }
  return pl
    .col('sid')
    .cast(pl.Int64)
    .mul(pl.lit(2 ** 32).cast(pl.Int64))
    .add(offset.cast(pl.Int64))
    .alias('key');
}
