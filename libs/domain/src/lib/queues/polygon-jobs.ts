import type { IsoDate } from '../time/iso-date';
import { idDate, idRange, idSymbol } from './job-id-parts';
import { readDateRange, readJobSymbol } from './job-fields';
import { defineJobCodec } from './provider-job';

/** Jobs of Polygon's queue: each is one Polygon call (or one paged listing). */

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

/** Parses and names Polygon's jobs (the codec of QueueName.PolygonCalls). */
export const POLYGON_JOBS = defineJobCodec<PolygonJob>({
  kinds: POLYGON_JOB_KINDS,
  read: (kind, reader): PolygonJob => {
    switch (kind) {
      case 'grouped-daily':
        return { kind, date: reader.isoDate('date') };
      case 'aggregates-range': {
        const symbol = readJobSymbol(reader);
        const adjusted = reader.boolean('adjusted');
        return { kind, symbol, ...readDateRange(reader, 'from', 'to'), adjusted };
      }
      case 'reference-tickers':
        return { kind, active: reader.boolean('active') };
      case 'splits':
      case 'dividends':
        return { kind, ...readDateRange(reader, 'from', 'to') };
      case 'ticker-details':
        return { kind, symbol: readJobSymbol(reader), asOf: reader.isoDate('asOf') };
      case 'market-holidays':
        return { kind };
    }
  },
  idParts: (job) => {
    switch (job.kind) {
      case 'grouped-daily':
        return [idDate(job.date, 'date')];
      case 'aggregates-range':
        return [idSymbol(job.symbol), ...idRange(job.from, job.to), job.adjusted ? 'adjusted' : 'unadjusted'];
      case 'reference-tickers':
        return [job.active ? 'active' : 'inactive'];
      case 'splits':
      case 'dividends':
        return idRange(job.from, job.to);
      case 'ticker-details':
        return [idSymbol(job.symbol), idDate(job.asOf, 'asOf')];
      case 'market-holidays':
        return [];
    }
  },
});
