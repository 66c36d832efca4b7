import type { ProviderJob } from '@mdi/domain';
import type { ProviderResult } from '../contract/provider-result';

/**
 * What the provider hands to the handler of each job kind, by kind. Each
 * provider declares its own kinds in its own file by declaration merging
 * (see polygon/polygon-job-results.ts), so the queue machinery lists none;
 * a kind nobody declared is handed a plain ProviderResult.
 */
// eslint-disable-next-line @typescript-eslint/no-empty-interface, @typescript-eslint/no-empty-object-type -- filled by declaration merging
export interface JobResults {}

/** The result type a handler of kind K receives. */
export type ResultOf<K extends string> = K extends keyof JobResults ? JobResults[K] : ProviderResult<unknown>;

/** A job's return value, kept in Redis and returned by callAndWait: keep it small and JSON. */
export type JobOutcome =
  string | number | boolean | null | { readonly [key: string]: JobOutcome } | readonly JobOutcome[];

export interface JobContext {
  readonly provider: string;
  readonly jobId: string;
  /** 1 on the first attempt. */
  readonly attempt: number;
  /** Cursor of the page this job fetched, when it is not the first page. */
  readonly cursor?: string;
  /** How many times this job has been started (retries, rate-limit and retry-later waits included). */
  readonly starts: number;
  /**
   * Set when a listing's paging was stopped on this page (a next_url that
   * loops, a page without rows pointing further, too many pages): the result
   * then has no next cursor, and the listing is incomplete for this reason.
   */
  readonly pagingStopped?: string;
}

/**
 * A handler's answer "the provider has nothing for this yet": the job waits
 * `delayMs` and runs again, without spending an attempt or touching the
 * circuit breaker.
 */
export class RetryLaterError extends Error {
  override readonly name = 'RetryLaterError';

  constructor(
    readonly delayMs: number,
    reason: string,
  ) {
    super(reason);
  }
}

/** A job that ended for good without completing: attempts spent, refused, or unreadable. */
export interface FinalFailure {
  readonly jobId: string;
  readonly reason: string;
  readonly attempts: number;
}

/** Told about every job of the queue that failed for good (e.g. to close the planned call it belonged to). */
export type FinalFailureListener<J extends ProviderJob> = (job: J, failure: FinalFailure) => Promise<void>;

/** Persists the provider's validated result of one job (J is one kind's job type) and returns a summary. */
export type JobHandler<J extends ProviderJob> = (
  result: ResultOf<J['kind']>,
  job: J,
  context: JobContext,
) => Promise<JobOutcome>;

/** The job type of one kind of the union J. */
export type JobOfKind<J extends ProviderJob, K extends J['kind']> = Extract<J, { readonly kind: K }>;

/** One handler per job kind of a queue: the type makes a missing one a compile error. */
export type JobHandlers<J extends ProviderJob> = { [K in J['kind']]: JobHandler<JobOfKind<J, K>> };
