import type { ProviderPage, ProviderResult } from '../../lib/contract/provider-result';
import { nextCursorOf, type CallDefinition } from '../../lib/queue/call-definitions';
import type { ToyClient } from './toy-client';
import { TOY_JOBS, type ToyJob } from './toy-jobs';
import type { ToyQuote } from './toy-quote.transformer';

/*
 * Checklist step 4 (call definition and result types): a real provider keeps
 * them in libs/providers/src/lib/<name>/<name>-calls.ts and
 * <name>-job-results.ts (like polygon-calls.ts, polygon-job-results.ts).
 */

declare module '../../lib/queue/job-results' {
  interface JobResults {
    'toy-quote': ProviderResult<ToyQuote>;
    'toy-symbols': ProviderPage<string>;
  }
}

export const TOY_QUEUE = 'toy-calls';

/** Each toy job is one call of the client; the symbol listing pages with the feed's cursor. */
export function toyCalls(client: ToyClient): CallDefinition<ToyJob> {
  return {
    provider: client.name,
    queueName: TOY_QUEUE,
    jobs: TOY_JOBS,
    perform: (async ({ job, cursor }) =>
      job.kind === 'toy-quote'
        ? client.getQuote(job.symbol)
        : client.listSymbols(cursor)) as CallDefinition<ToyJob>['perform'],
    nextCall: (call, result) => {
      const next = nextCursorOf(result);
      return next === null ? null : { ...call, cursor: next };
    },
  };
}
