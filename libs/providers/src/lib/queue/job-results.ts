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
export type JobOutcome = string | number | boolean | null | { readonly [key: string]: JobOutcome } | readonly JobOutcome[];

export interface JobContext {
  readonly provider: string;
  readonly jobId: string;
  /** 1 on the first attempt. */
  readonly attempt: number;
  /** Cursor of the page this job fetched, when it is not the first page. */
  readonly cursor?: string;
}

/** Persists the provider's validated result of one job kind (and returns a summary). */
export type JobHandler<K extends JobKind> = (result: JobResults[K], job: JobOf<K>, context: JobContext) => Promise<JobOutcome>;

/** One handler per job kind of a queue: the type makes a missing one a compile error. */
export type JobHandlers<J extends ProviderJob> = { [K in J['kind']]: JobHandler<K> };
