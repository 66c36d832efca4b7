import { defineJobCodec, idSymbol, readJobSymbol } from '@mdi/domain';

/*
 * Checklist step 1 (domain job types): a real provider keeps these in
 * libs/domain/src/lib/queues/<name>-jobs.ts, next to polygon-jobs.ts.
 */

/** The latest quote of one symbol: one call. */
export interface ToyQuoteJob {
  readonly kind: 'toy-quote';
  readonly symbol: string;
}

/** Every symbol the toy feed lists, one page per job. */
export interface ToySymbolsJob {
  readonly kind: 'toy-symbols';
}

export type ToyJob = ToyQuoteJob | ToySymbolsJob;

export const TOY_JOB_KINDS = ['toy-quote', 'toy-symbols'] as const satisfies readonly ToyJob['kind'][];

/** Parses and names the toy feed's jobs. */
export const TOY_JOBS = defineJobCodec<ToyJob>({
  kinds: TOY_JOB_KINDS,
  read: (kind, reader): ToyJob => (kind === 'toy-quote' ? { kind, symbol: readJobSymbol(reader) } : { kind }),
  idParts: (job) => (job.kind === 'toy-quote' ? [idSymbol(job.symbol)] : []),
});
