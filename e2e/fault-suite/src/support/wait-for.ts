/** Thrown by a probe to stop waiting at once: the condition can no longer become true. */
export class ConditionFailed extends Error {}

/**
 * Polls `probe` until it returns something truthy and resolves to it with the
 * time it took; fails naming `what` and the last value or error after
 * `boundMs`. Other errors count as "not yet" (a dependency may be down on
 * purpose). The suite's only way to wait: a condition with a bound, never a
 * fixed sleep.
 */
export async function waitFor<T>(
  what: string,
  boundMs: number,
  probe: () => Promise<T | null | undefined | false>,
  pollMs = 200,
): Promise<{ value: T; ms: number }> {
  const started = Date.now();
  let last: unknown;
  let lastError: unknown;
  while (Date.now() - started <= boundMs) {
    try {
      last = await probe();
      if (last) return { value: last as T, ms: Date.now() - started };
    } catch (error) {
      if (error instanceof ConditionFailed) throw error;
      lastError = error;
    }
    await new Promise((resolve) => setTimeout(resolve, pollMs));
  }
  const why = lastError instanceof Error ? `; last error: ${lastError.message}` : '';
  throw new Error(
    `timed out after ${boundMs} ms waiting for ${what}; last value: ${JSON.stringify(last)?.slice(0, 500)}${why}`,
  );
}
