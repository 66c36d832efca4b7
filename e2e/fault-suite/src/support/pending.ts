/**
 * Cases that need the self-healing of issue 14 (storage-aware pause, attempt
 * rules, the reconciler, a faster half-open breaker), which is being built.
 * They run as `it.failing`: Jest passes them while they fail and FAILS the
 * suite the moment one passes, so whoever lands the feature must take its
 * name off this list (and the case then guards the feature for good).
 */
export const PENDING_SELF_HEALING: readonly string[] = [
  'PostgreSQL stopped 20 s mid-backfill: the run completes by itself, calls spent at most plan + 2 (bound 3 min)',
  'PostgreSQL stopped 90 s mid-backfill: no permanent job failure, the run completes by itself (bound 4 min)',
  'Redis killed and restarted empty mid-backfill: the lost work is re-planned and the run completes (bound 4 min)',
  'an upstream outage longer than the breaker timeout: ingestion resumes within 10 s of recovery (bound 3 min)',
];

/** `it`, or `it.failing` for a case on PENDING_SELF_HEALING (never it.skip: a pending case still runs). */
export function faultCase(name: string, body: () => Promise<void>, timeoutMs: number): void {
  (PENDING_SELF_HEALING.includes(name) ? it.failing : it)(name, body, timeoutMs);
}
