import type {
  AccountSnapshot,
  CashDividend,
  Fill,
  MarketClock,
  MarketDataBar,
  MarketHoliday,
  Order,
  Position,
  ProviderJob,
  StockSplit,
  TickerReference,
  TradingSession,
} from '@mdi/domain';
import type { ProviderPage, ProviderResult } from '../contract/provider-result';

/** What the provider hands to the handler of each job kind. */
export interface JobResults {
  'grouped-daily': ProviderResult<MarketDataBar>;
  'aggregates-range': ProviderPage<MarketDataBar>;
  'reference-tickers': ProviderPage<TickerReference>;
  splits: ProviderPage<StockSplit>;
  dividends: ProviderPage<CashDividend>;
  'market-holidays': ProviderResult<MarketHoliday>;
  'ticker-details': ProviderResult<TickerReference>;
  account: ProviderResult<AccountSnapshot>;
  positions: ProviderResult<Position>;
  orders: ProviderPage<Order>;
  fills: ProviderPage<Fill>;
  calendar: ProviderResult<TradingSession>;
  clock: ProviderResult<MarketClock>;
}

export type JobKind = ProviderJob['kind'];
export type JobOf<K extends JobKind> = Extract<ProviderJob, { kind: K }>;

/** A job's return value, kept in Redis and returned by callAndWait: keep it small and JSON. */
export type JobOutcome =
  string | number | boolean | null | { readonly [key: string]: JobOutcome } | readonly JobOutcome[];

export interface JobContext {
  readonly provider: string;
  readonly jobId: string;
  /** 1 on the first attempt. */
  readonly attempt: number;
  /** Cursor of the page this job fetched, when it is not the first page. */
  readonly cursor?: string;
  /** How many times this job has been started (retries, rate-limit and retry-later waits included). */
  readonly starts: number;
  /**
   * Set when a listing's paging was stopped on this page (a next_url that
   * loops, a page without rows pointing further, too many pages): the result
   * then has no next cursor, and the listing is incomplete for this reason.
   */
  readonly pagingStopped?: string;
}

/**
 * A handler's answer "the provider has nothing for this yet": the job waits
 * `delayMs` and runs again, without spending an attempt or touching the
 * circuit breaker.
 */
export class RetryLaterError extends Error {
  override readonly name = 'RetryLaterError';

  constructor(
    readonly delayMs: number,
    reason: string,
  ) {
    super(reason);
  }
}

/** A job that ended for good without completing: attempts spent, refused, or unreadable. */
export interface FinalFailure {
  readonly jobId: string;
  readonly reason: string;
  readonly attempts: number;
}

/** Told about every job of the queue that failed for good (e.g. to close the planned call it belonged to). */
export type FinalFailureListener<J extends ProviderJob> = (job: J, failure: FinalFailure) => Promise<void>;

/** Persists the provider's validated result of one job kind (and returns a summary). */
export type JobHandler<K extends JobKind> = (
  result: JobResults[K],
  job: JobOf<K>,
  context: JobContext,
) => Promise<JobOutcome>;

/** One handler per job kind of a queue: the type makes a missing one a compile error. */
export type JobHandlers<J extends ProviderJob> = { [K in J['kind']]: JobHandler<K> };
