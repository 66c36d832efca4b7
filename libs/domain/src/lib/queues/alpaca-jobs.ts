import type { IsoDate } from '../time/iso-date';
import { idInstant, idOptional, idRange } from './job-id-parts';
import { readDateRange, readOptionalInstant, readOptionalText } from './job-fields';
import { defineJobCodec } from './provider-job';

/** Jobs of Alpaca's queue: each is one Alpaca call (or one page of a listing). */

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

/** Parses and names Alpaca's jobs (the codec of QueueName.AlpacaCalls). */
export const ALPACA_JOBS = defineJobCodec<AlpacaJob>({
  kinds: ALPACA_JOB_KINDS,
  read: (kind, reader): AlpacaJob => {
    switch (kind) {
      case 'calendar':
        return { kind, ...readDateRange(reader, 'start', 'end') };
      case 'orders':
        return {
          kind,
          status: reader.oneOf('status', ORDER_STATUS_FILTERS),
          ...readOptionalInstant(reader, 'after'),
          ...readOptionalInstant(reader, 'until'),
        };
      case 'fills':
        return { kind, ...readOptionalInstant(reader, 'after'), ...readOptionalText(reader, 'pageToken') };
      case 'account':
      case 'positions':
      case 'clock':
        return { kind };
    }
  },
  idParts: (job) => {
    switch (job.kind) {
      case 'calendar':
        return idRange(job.start, job.end, 'start', 'end');
      case 'orders':
        return [job.status, ...idOptional('after', job.after, idInstant), ...idOptional('until', job.until, idInstant)];
      case 'fills':
        return [...idOptional('after', job.after, idInstant), ...idOptional('page', job.pageToken, encodeURIComponent)];
      case 'account':
      case 'positions':
      case 'clock':
        return [];
    }
  },
});
