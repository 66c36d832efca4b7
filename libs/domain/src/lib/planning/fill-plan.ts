import type { GroupedDailyJob, AggregatesRangeJob } from '../queues/polygon-jobs';
import type { IsoDate } from '../time/iso-date';

/** One (symbol, session date) cell of the coverage ledger. */
export interface LedgerCell {
  readonly symbol: string;
  readonly date: IsoDate;
}

/** The Polygon call budget the plan's duration is estimated at (e.g. 4 calls per 60,000 ms). */
export interface CallBudget {
  readonly calls: number;
  readonly windowMs: number;
}

/** Polygon's cap on base bars per aggregates call (`limit` max). */
export const MAX_BARS_PER_RANGE_CALL = 50_000;

export interface FillPlanInput {
  /** The missing cells; duplicates are ignored. */
  readonly missing: readonly LedgerCell[];
  /** The window the cells come from, both inclusive; every cell must lie in it. */
  readonly from: IsoDate;
  readonly to: IsoDate;
  readonly budget: CallBudget;
  /** Defaults to MAX_BARS_PER_RANGE_CALL; lower it to keep responses small. */
  readonly maxBarsPerRangeCall?: number;
}

export type FillCall = GroupedDailyJob | AggregatesRangeJob;

/**
 * The cells one call is responsible for: every pair of `symbols` × `dates`.
 * A grouped-daily call has one date and the symbols it fills; a range call
 * has one symbol and the dates it fills. Each missing cell belongs to exactly
 * one call, even where a range also spans a date a grouped call fills.
 */
export interface CallCoverage {
  readonly jobId: string;
  readonly job: FillCall;
  readonly symbols: readonly string[];
  readonly dates: readonly IsoDate[];
}

export interface FillPlan {
  /** Grouped-daily calls by date, then range calls by symbol and start. */
  readonly calls: readonly FillCall[];
  readonly callCount: number;
  /** Distinct missing cells. */
  readonly cellCount: number;
  /** One call per cell: what a loop over the ledger would spend. */
  readonly naiveCallCount: number;
  /** Seconds of call budget the plan consumes: callCount / budget.calls × budget.windowMs. Excludes latency. */
  readonly estimatedSeconds: number;
  /** Aligned with `calls`. */
  readonly coverage: readonly CallCoverage[];
}
