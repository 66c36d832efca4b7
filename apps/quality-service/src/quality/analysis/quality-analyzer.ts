import type { QualityFinding, TradingCalendar } from '@mdi/domain';
import pl, { type DataFrame } from 'nodejs-polars';
import type { CheckContext, QualityCheck } from '../checks/quality-check';
import { QUALITY_CHECKS } from '../checks/quality-checks';
import { sessionFrame } from './session-frame';

export interface AnalysisOptions {
  readonly calendar: TradingCalendar;
  readonly now: Date;
  readonly activeSymbols: readonly string[];
  readonly anomalyDetection: boolean;
  readonly checks?: readonly QualityCheck[];
}

export interface AnalysisResult {
  readonly findings: QualityFinding[];
  /** (symbol, session) cells that should hold a bar: the denominator of the missing share. */
  readonly expectedBars: number;
  readonly symbolsChecked: number;
  readonly barsChecked: number;
}

/** Runs every enabled check over one bars frame (BAR_FRAME_DTYPES). */
export function analyzeBars(bars: DataFrame, options: AnalysisOptions): AnalysisResult {
  const context = buildContext(bars, options);
  const checks = (options.checks ?? QUALITY_CHECKS).filter((check) => options.anomalyDetection || !check.anomaly);
  const findings = checks.flatMap((check) => check.run(context));
  const symbols = new Set([...(context.ranges.getColumn('symbol').toArray() as string[]), ...options.activeSymbols]);
  const expectedBars = context.ranges.height === 0 ? 0 : (context.ranges.getColumn('expected').sum() as number);
  return { findings, expectedBars, symbolsChecked: symbols.size, barsChecked: bars.height };
}

/*
 * Everything checks share is computed once, on a frame sorted by
 * (symbol, day, id): a per-symbol integer `sid` (integer keys sort, group and
 * join far faster than strings; sids follow symbol order) and flags that
 * compare a row with the one before it, which replace most per-symbol
 * window functions.
 */
export function buildContext(raw: DataFrame, options: AnalysisOptions): CheckContext {
  const minDay = raw.height === 0 ? 0 : (raw.getColumn('day').min() as number);
  const maxDay = raw.height === 0 ? -1 : (raw.getColumn('day').max() as number);
  const sessions = sessionFrame(options.calendar, minDay, maxDay).withRowCount('session_index');
  const symbols = raw.select('symbol').unique().sort('symbol').withRowCount('sid').withColumns(pl.col('sid').cast(pl.Int32));
  const bars = raw
    .lazy()
    .join(symbols.lazy(), { on: 'symbol' })
    .join(sessions.lazy().select(pl.col('day'), pl.lit(true).alias('trading')), { on: 'day', how: 'left' })
    .sort(['sid', 'day', 'id'])
    .withColumns(
      pl.col('trading').fillNull(false),
      pl.col('sid').eq(pl.col('sid').shift(1)).and(pl.col('day').eq(pl.col('day').shift(1))).fillNull(false).alias('repeat'),
    )
    .collectSync();
  const ranges = bars
    .lazy()
    .filter(pl.col('trading'))
    .groupBy('sid')
    .agg(pl.col('day').min().alias('first_day'), pl.col('day').max().alias('last_day'), pl.col('repeat').not().sum().alias('present'))
    .join(symbols.lazy(), { on: 'sid' })
    .join(sessions.lazy().select(pl.col('day').alias('first_day'), pl.col('session_index').alias('first_index')), { on: 'first_day' })
    .join(sessions.lazy().select(pl.col('day').alias('last_day'), pl.col('session_index').alias('last_index')), { on: 'last_day' })
    .withColumns(pl.col('last_index').sub(pl.col('first_index')).add(1).cast(pl.Int64).alias('expected'))
    .sort('sid')
    .collectSync();
  return { bars, ranges, sessions: sessions.select('day'), calendar: options.calendar, now: options.now, activeSymbols: options.activeSymbols };
}
