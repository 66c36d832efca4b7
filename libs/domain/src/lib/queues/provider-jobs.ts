import type { IsoDate } from '../time/iso-date';
import { QueueName } from './queue-names';

/*
 * Payloads of the provider queues. Each job is one provider call (or one
 * paged listing), so the queue limiter counts calls exactly. `kind` doubles
 * as the BullMQ job name.
 */

/** Every US stock for one session: the cheapest end-of-day path (1 call). */
export interface GroupedDailyJob {
  readonly kind: 'grouped-daily';
  readonly date: IsoDate;
}

/** Up to 50,000 daily bars of one symbol, `from` and `to` inclusive. */
export interface AggregatesRangeJob {
  readonly kind: 'aggregates-range';
  readonly symbol: string;
  readonly from: IsoDate;
  readonly to: IsoDate;
  readonly adjusted: boolean;
}

export interface ReferenceTickersJob {
  readonly kind: 'reference-tickers';
  readonly active: boolean;
}

export interface SplitsJob {
  readonly kind: 'splits';
  readonly from: IsoDate;
  readonly to: IsoDate;
}

export interface DividendsJob {
  readonly kind: 'dividends';
  readonly from: IsoDate;
  readonly to: IsoDate;
}

export interface MarketHolidaysJob {
  readonly kind: 'market-holidays';
}

/**
 * One ticker's reference record (active, delisted_utc): the one call that
 * confirms or refutes a suspected delisting. `asOf` is the newest session of
 * the evidence, so each suspicion is looked up once.
 */
export interface TickerDetailsJob {
  readonly kind: 'ticker-details';
  readonly symbol: string;
  readonly asOf: IsoDate;
}

export type PolygonJob =
  | GroupedDailyJob
  | AggregatesRangeJob
  | ReferenceTickersJob
  | SplitsJob
  | DividendsJob
  | MarketHolidaysJob
  | TickerDetailsJob;

export const POLYGON_JOB_KINDS = [
  'grouped-daily',
  'aggregates-range',
  'reference-tickers',
  'splits',
  'dividends',
  'market-holidays',
  'ticker-details',
] as const satisfies readonly PolygonJob['kind'][];

export interface AccountJob {
  readonly kind: 'account';
}

export interface PositionsJob {
  readonly kind: 'positions';
}

export const ORDER_STATUS_FILTERS = ['open', 'closed', 'all'] as const;
export type OrderStatusFilter = (typeof ORDER_STATUS_FILTERS)[number];

/** `after`/`until` are RFC 3339 instants, exclusive, on submission time (Alpaca's semantics). */
export interface OrdersJob {
  readonly kind: 'orders';
  readonly status: OrderStatusFilter;
  readonly after?: string;
  readonly until?: string;
}

/** `pageToken` is the id of the last activity of the previous page. */
export interface FillsJob {
  readonly kind: 'fills';
  readonly after?: string;
  readonly pageToken?: string;
}

export interface CalendarJob {
  readonly kind: 'calendar';
  readonly start: IsoDate;
  readonly end: IsoDate;
}

export interface ClockJob {
  readonly kind: 'clock';
}

export type AlpacaJob = AccountJob | PositionsJob | OrdersJob | FillsJob | CalendarJob | ClockJob;

export const ALPACA_JOB_KINDS = [
  'account',
  'positions',
  'orders',
  'fills',
  'calendar',
  'clock',
] as const satisfies readonly AlpacaJob['kind'][];

export type ProviderJob = PolygonJob | AlpacaJob;

export function isPolygonJob(job: ProviderJob): job is PolygonJob {
  return (POLYGON_JOB_KINDS as readonly string[]).includes(job.kind);
}

/** The queue (and so the call budget) a job belongs to. */
export function queueFor(job: ProviderJob): QueueName {
  return isPolygonJob(job) ? QueueName.PolygonCalls : QueueName.AlpacaCalls;
}
