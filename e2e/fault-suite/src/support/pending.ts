/**
 * Cases whose feature is not on main yet. They run as `it.failing`: Jest
 * passes them while they fail and FAILS the suite the moment one passes, so
 * whoever lands the feature must take its name off this list (the case then
 * guards the feature for good). Empty: every self-healing case of issue 14
 * (storage-aware pause, attempt rules, reconciler, half-open breaker) passes.
 */
export const PENDING_SELF_HEALING: readonly string[] = [];

/** `it`, or `it.failing` for a case on PENDING_SELF_HEALING (never it.skip: a pending case still runs). */
export function faultCase(name: string, body: () => Promise<void>, timeoutMs: number): void {
  (PENDING_SELF_HEALING.includes(name) ? it.failing : it)(name, body, timeoutMs);
}
