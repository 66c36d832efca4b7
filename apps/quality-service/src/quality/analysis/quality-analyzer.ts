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
  const symbols = new Set([...(context.bars.getColumn('symbol').unique().toArray() as string[]), ...options.activeSymbols]);
  return { findings, expectedBars: context.expected.height, symbolsChecked: symbols.size, barsChecked: bars.height };
}

function buildContext(raw: DataFrame, options: AnalysisOptions): CheckContext {
  const minDay = raw.height === 0 ? 0 : (raw.getColumn('day').min() as number);
  const maxDay = raw.height === 0 ? -1 : (raw.getColumn('day').max() as number);
  const sessions = sessionFrame(options.calendar, minDay, maxDay);
  const bars = raw
    .join(sessions.withColumns(pl.lit(true).alias('trading')), { on: 'day', how: 'left' })
    .withColumns(pl.col('trading').fillNull(false))
    .sort(['symbol', 'day', 'id']);
  const ranges = bars
    .filter(pl.col('trading'))
    .groupBy('symbol')
    .agg(pl.col('day').min().alias('first_day'), pl.col('day').max().alias('last_day'));
  const expected = ranges
    .lazy()
    .join(sessions.lazy(), { how: 'cross' })
    .filter(pl.col('day').gtEq(pl.col('first_day')).and(pl.col('day').ltEq(pl.col('last_day'))))
    .select('symbol', 'day')
    .collectSync();
  return { bars, expected, calendar: options.calendar, now: options.now, activeSymbols: options.activeSymbols };
}
