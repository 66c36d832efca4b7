import { symbolProblem } from '../market-data/symbol-rule';
import { describeValue } from '../shared/describe-value';
import type { IsoDate } from '../time/iso-date';
import { idRange, idSymbolSet } from './job-id-parts';
import { readDateRange } from './job-fields';
import { defineJobCodec } from './provider-job';

/** Jobs of the Alpaca market-data queue (QueueName.AlpacaDataCalls): each is one call, or one page of one. */

/** The most symbols one bars call names (keeps the request line short: about 1 kB of symbols). */
export const MAX_SYMBOLS_PER_BARS_CALL = 200;

/**
 * Raw daily bars of several symbols for the sessions `from`..`to` (inclusive):
 * GET /v2/stocks/bars, up to 10,000 bars a page across the symbols; the next
 * page is a follow-up job with Alpaca's page_token as its cursor.
 * `symbols` is sorted and distinct, so the same set has one job id.
 */
export interface StockBarsJob {
  readonly kind: 'stock-bars';
  readonly symbols: readonly string[];
  readonly from: IsoDate;
  readonly to: IsoDate;
}

export type AlpacaDataJob = StockBarsJob;

export const ALPACA_DATA_JOB_KINDS = ['stock-bars'] as const satisfies readonly AlpacaDataJob['kind'][];

/** A stock-bars job for these symbols (sorted, distinct). */
export function stockBarsJob(symbols: readonly string[], from: IsoDate, to: IsoDate): StockBarsJob {
  return { kind: 'stock-bars', symbols: [...new Set(symbols)].sort(), from, to };
}

/** Parses and names the Alpaca market-data jobs. */
export const ALPACA_DATA_JOBS = defineJobCodec<AlpacaDataJob>({
  kinds: ALPACA_DATA_JOB_KINDS,
  read: (kind, reader): AlpacaDataJob => {
    const value = reader.raw('symbols');
    let symbols: string[] = [];
    if (!Array.isArray(value) || value.length === 0 || value.length > MAX_SYMBOLS_PER_BARS_CALL) {
      reader.problem(
        `symbols must be a list of 1 to ${MAX_SYMBOLS_PER_BARS_CALL} symbols, got ${describeValue(value)}`,
      );
    } else {
      value.forEach((s, i) => {
        const problem = symbolProblem(s, `symbols[${i}]`);
        if (problem) reader.problem(problem);
      });
      symbols = value as string[];
      const canonical = [...new Set(symbols)].sort();
      if (canonical.join(',') !== symbols.join(',')) reader.problem('symbols must be sorted and distinct');
    }
    return { kind, symbols, ...readDateRange(reader, 'from', 'to') };
  },
  idParts: (job) => [...idRange(job.from, job.to), idSymbolSet(job.symbols)],
});
