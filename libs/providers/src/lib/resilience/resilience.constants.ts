/**
 * Every retry, backoff and breaker setting in one place. Retries are BullMQ
 * attempts, not loops inside a call, so each retry passes the shared limiter
 * again (see README "Why retries live in the queue").
 */

/** Base of the exponential backoff between attempts: 2 s, 4 s, 8 s, ... */
export const RETRY_BASE_DELAY_MS = 2_000;
/** Share of each backoff delay that is random, so replicas do not retry in step. */
export const RETRY_JITTER = 0.5;
/** Used when DATA_INGESTION_MAX_RETRIES is not given (the seed's default). */
export const DEFAULT_MAX_RETRIES = 3;

/*
 * A 429 pauses the queue for its Retry-After; without one (Polygon documents
 * none) for the configured rate window, the time after which the provider's
 * own window has certainly moved on (POLYGON_RATE_WINDOW_MS, 60 s in
 * production, shortened in tests and simulator demos).
 */

/** Consecutive outage failures (network, timeout, 5xx) that open a provider's circuit. */
export const BREAKER_CONSECUTIVE_FAILURES = 5;
/**
 * An open circuit lets a trial call through after BREAKER_FIRST_TRIAL_AFTER_MS, doubling after each
 * failed trial up to BREAKER_HALF_OPEN_AFTER_MS: after the provider heals, calls resume within that
 * ceiling, and a burst of errors costs seconds rather than one long wait per error it holds.
 */
export const BREAKER_FIRST_TRIAL_AFTER_MS = 500;
export const BREAKER_HALF_OPEN_AFTER_MS = 5_000;
/** A job that meets an open circuit waits at least this long before it is tried again. */
export const BREAKER_MIN_JOB_DELAY_MS = 250;

/**
 * A job whose data is not published yet (Polygon's 403 "before end of day") waits this long after
 * today's close (or from now, once the close has passed), without spending an attempt.
 */
export const NOT_YET_AVAILABLE_DELAY_MS = 15 * 60_000;

/**
 * While storage is unavailable the provider queue is paused (all replicas) for this long at a time,
 * then the next job asks storage again: no provider call is spent on an answer that cannot be stored.
 */
export const STORAGE_RECHECK_MS = 2_000;
/** An answer fetched just before storage went away is kept in Redis this long for a later attempt to store. */
export const FETCHED_ANSWER_TTL_SECONDS = 7 * 24 * 3600;

/** While Redis is unreachable, each queue component logs one connection error per this interval. */
export const CONNECTION_ERROR_LOG_INTERVAL_MS = 10_000;

/**
 * How long a worker's lock on a running job lasts (renewed every half of it), and how often workers
 * look for jobs whose lock expired (their process died). BullMQ's defaults: after a SIGKILL a running
 * job waits up to lock + interval (~60 s) for another worker. Only tests shorten them: a lock shorter
 * than a call's worst pause (event-loop stall, GC) would hand a live job to a second worker.
 */
export const WORKER_LOCK_DURATION_MS = 30_000;
export const WORKER_STALLED_INTERVAL_MS = 30_000;

/**
 * Pages one listing may have before its paging is stopped as endless. All
 * US tickers take about 12 pages of 1000, a daily range one page; a
 * next_url that keeps pointing further is a provider fault, not data.
 */
export const MAX_PAGES_PER_LISTING = 500;

/** Per-request timeout; a hung socket must not hold a job (and its lock) forever. */
export const HTTP_TIMEOUT_MS = 30_000;

/** Completed jobs are kept this long so the same deterministic id is not run twice. */
export const KEEP_COMPLETED_JOBS_SECONDS = 24 * 3600;
/** Failed jobs are kept for inspection; enqueueing the same id again retries them. */
export const KEEP_FAILED_JOBS_SECONDS = 7 * 24 * 3600;

/** Default Polygon budget: 4 calls per minute = 80% of the free tier's 5. */
export const POLYGON_DEFAULT_RATE_LIMIT = 4;
/**
 * Default Alpaca budget: 160 calls per minute = 80% of the documented 200, the same margin as Polygon's.
 * One key, one budget: the monitor and the ingestor spend it together, so both default to this value.
 */
export const ALPACA_DEFAULT_RATE_LIMIT = 160;
export const DEFAULT_RATE_WINDOW_MS = 60_000;
