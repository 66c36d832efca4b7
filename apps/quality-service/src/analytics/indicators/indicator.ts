import type { Expr } from 'nodejs-polars';

/**
 * One technical indicator as polars expressions over a single symbol's bars
 * (columns open, high, low, close, volume in session order). Each output
 * column is null while the indicator is still warming up.
 */
export interface IndicatorDefinition {
  readonly name: string;
  /** Default parameters, e.g. [20] for sma, [12, 26, 9] for macd. */
  readonly defaults: readonly number[];
  /** Checks parameters; returns the problem, or null. */
  problem(params: readonly number[]): string | null;
  /** Sessions of history needed before the first value is meaningful. */
  warmup(params: readonly number[]): number;
  /** Output columns in passes: a later pass may read columns of an earlier one. */
  stages(params: readonly number[]): Expr[][];
}

export function periodProblem(name: string, value: number | undefined, what = 'period'): string | null {
  return value !== undefined && Number.isInteger(value) && value >= 1 && value <= 500
    ? null
    : `${name} ${what} must be a whole number from 1 to 500`;
}

/** Recursive EMA with the given alpha, seeded with the first value (x_0), null for the first `period - 1` values. */
export function emaOf(expr: Expr, alpha: number, period: number): Expr {
  return expr.ewmMean({ alpha, adjust: false, minPeriods: period });
}
