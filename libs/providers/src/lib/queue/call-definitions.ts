import {
  QueueName,
  type AlpacaJob,
  type PolygonJob,
  ALPACA_JOB_KINDS,
  POLYGON_JOB_KINDS,
  type ProviderJob,
} from '@mdi/domain';
import type { AccountProvider } from '../contract/account-provider';
import type { MarketDataProvider } from '../contract/market-data-provider';
import type { ProviderResult } from '../contract/provider-result';
import type { JobResults } from './job-results';
import type { ProviderCall } from './provider-call';

/** How one provider queue turns a job into exactly one provider call. */
export interface CallDefinition<J extends ProviderJob> {
  readonly provider: string;
  readonly queueName: QueueName;
  readonly kinds: readonly J['kind'][];
  perform(call: ProviderCall<J>): Promise<JobResults[J['kind']]>;
  /** The job of the next page of a listing, or null on its last page. */
  nextCall(call: ProviderCall<J>, result: ProviderResult<unknown>): ProviderCall<J> | null;
}

/** Alpaca's page-size maximums. */
export const ORDERS_PAGE_SIZE = 500;
export const FILLS_PAGE_SIZE = 100;

/** End-of-day jobs on any MarketDataProvider (Polygon today). Bars are fetched as the job says; we store unadjusted. */
export function marketDataCalls(
  provider: MarketDataProvider,
  queueName: QueueName = QueueName.PolygonCalls,
): CallDefinition<PolygonJob> {
  return {
    provider: provider.name,
    queueName,
    kinds: POLYGON_JOB_KINDS,
    perform: (async ({ job, cursor }: ProviderCall<PolygonJob>) => {
      switch (job.kind) {
        case 'aggregates-range':
          return provider.getDailyBars(job.symbol, job.from, job.to, { adjusted: job.adjusted }, cursor);
        case 'grouped-daily':
          return provider.getGroupedDaily(job.date, { adjusted: false });
        case 'reference-tickers':
          return provider.listTickers({ active: job.active }, cursor);
        case 'splits':
          return provider.listSplits(job.from, job.to, cursor);
        case 'dividends':
          return provider.listDividends(job.from, job.to, cursor);
        case 'market-holidays':
          return provider.getMarketHolidays();
        case 'ticker-details':
          return provider.getTickerDetails(job.symbol);
      }
    }) as CallDefinition<PolygonJob>['perform'],
    nextCall: (call, result) => {
      const next = nextCursorOf(result);
      return next === null ? null : { ...call, cursor: next };
    },
  };
}

/** Account jobs on any AccountProvider (Alpaca today). Orders page by submission time, ascending, with a cursor. */
export function accountCalls(
  provider: AccountProvider,
  queueName: QueueName = QueueName.AlpacaCalls,
): CallDefinition<AlpacaJob> {
  return {
    provider: provider.name,
    queueName,
    kinds: ALPACA_JOB_KINDS,
    perform: (async ({ job, cursor }: ProviderCall<AlpacaJob>) => {
      switch (job.kind) {
        case 'account':
          return provider.getAccount();
        case 'positions':
          return provider.getPositions();
        case 'orders':
          return provider.getOrders({
            status: job.status,
            after: job.after,
            until: job.until,
            direction: 'asc',
            limit: ORDERS_PAGE_SIZE,
            cursor,
          });
        case 'fills':
          return provider.getFills({ after: job.after, pageToken: job.pageToken, pageSize: FILLS_PAGE_SIZE });
        case 'calendar':
          return provider.getCalendar(job.start, job.end);
        case 'clock':
          return provider.getClock();
      }
    }) as CallDefinition<AlpacaJob>['perform'],
    nextCall: (call, result) => {
      const next = nextCursorOf(result);
      if (next === null) return null;
      // Orders: the job keeps its own after/until; the page cursor carries the bound and the ids already seen.
      if (call.job.kind === 'orders') return { ...call, cursor: next };
      if (call.job.kind === 'fills') return { ...call, job: { ...call.job, pageToken: next } };
      return null;
    },
  };
}

function nextCursorOf(result: ProviderResult<unknown>): string | null {
  const next = (result as { nextCursor?: unknown }).nextCursor;
  return typeof next === 'string' && next.length > 0 ? next : null;
}
