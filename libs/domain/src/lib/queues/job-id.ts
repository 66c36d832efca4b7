import { symbolProblem } from '../market-data/symbol-rule';
import { assertIsoDate } from '../time/iso-date';
import { parseRfc3339 } from '../time/instant';
import type { ProviderJob } from './provider-jobs';

/**
 * Deterministic BullMQ job id: the same work gets the same id on every
 * replica and every retry, so BullMQ keeps one copy. Parts are joined with
 * '|' because BullMQ rejects custom ids that contain ':' (unless exactly three
 * parts) and ids that look like integers; ids always start with the job kind.
 * Timestamps are normalised to compact UTC ("20240701T134503.839Z") and free
 * text is URI-encoded, so no part can contain ':' or '|'.
 *
 * BullMQ only de-duplicates while a job with the id still exists. Jobs that
 * repeat with the same payload (account, clock, reference-tickers, ...) need
 * `window` (e.g. the session date or a minute bucket) or removal on completion.
 */
export function jobIdFor(job: ProviderJob, window?: string): string {
  const parts = [job.kind, ...partsOf(job)];
  if (window !== undefined) {
    if (window.length === 0) {
      throw new RangeError('window must not be empty');
    }
    parts.push(`@${encodeURIComponent(window)}`);
  }
  return parts.join('|');
}

function partsOf(job: ProviderJob): string[] {
  switch (job.kind) {
    case 'grouped-daily':
      return [date(job.date, 'date')];
    case 'aggregates-range':
      return [symbol(job.symbol), ...range(job.from, job.to), job.adjusted ? 'adjusted' : 'unadjusted'];
    case 'reference-tickers':
      return [job.active ? 'active' : 'inactive'];
    case 'splits':
    case 'dividends':
      return range(job.from, job.to);
    case 'calendar':
      return range(job.start, job.end, 'start', 'end');
    case 'orders':
      return [job.status, ...optional('after', job.after, instant), ...optional('until', job.until, instant)];
    case 'fills':
      return [...optional('after', job.after, instant), ...optional('page', job.pageToken, encodeURIComponent)];
    case 'ticker-details':
      return [symbol(job.symbol), date(job.asOf, 'asOf')];
    case 'market-holidays':
    case 'account':
    case 'positions':
    case 'clock':
      return [];
  }
}

function date(value: string, what: string): string {
  assertIsoDate(value, what);
  return value;
}

function range(from: string, to: string, fromName = 'from', toName = 'to'): string[] {
  date(from, fromName);
  date(to, toName);
  if (from > to) {
    throw new RangeError(`${fromName} ${from} is after ${toName} ${to}`);
  }
  return [from, to];
}

function symbol(value: string): string {
  const problem = symbolProblem(value);
  if (problem) {
    throw new RangeError(problem);
  }
  return value;
}

function instant(value: string): string {
  const result = parseRfc3339(value, 'timestamp');
  if ('problem' in result) {
    throw new RangeError(result.problem);
  }
  return result.instant.toISOString().replace(/[-:]/g, '');
}

function optional(key: string, value: string | undefined, render: (v: string) => string): string[] {
  return value === undefined ? [] : [`${key}=${render(value)}`];
}
