import { ALPACA_JOBS, QueueName, type AlpacaJob } from '@mdi/domain';
import type { AccountProvider } from '../contract/account-provider';
import { nextCursorOf, type CallDefinition } from '../queue/call-definitions';
import type { ProviderCall } from '../queue/provider-call';

/** Alpaca's page-size maximums. */
export const ORDERS_PAGE_SIZE = 500;
export const FILLS_PAGE_SIZE = 100;

/** Account jobs on any AccountProvider (Alpaca today). Orders page by submission time, ascending, with a cursor. */
export function accountCalls(
  provider: AccountProvider,
  queueName: string = QueueName.AlpacaCalls,
): CallDefinition<AlpacaJob> {
  return {
    provider: provider.name,
    queueName,
    jobs: ALPACA_JOBS,
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
