import type { ProbeResult } from './downstream-probe';

export interface ServiceHealth {
  readonly state: 'up' | 'down';
  /** Why it is down, in words safe for any caller: no addresses, no stack traces. */
  readonly reason?: string;
}

/**
 * A service's readiness answer as the gateway reports it. A 503 from
 * Terminus names the checks that failed (`postgres`, `redis`,
 * `polygon-circuit`); their messages stay out, as they can carry hosts.
 */
export function serviceHealthOf(result: ProbeResult): ServiceHealth {
  if (!result.reachable) return { state: 'down', reason: result.reason };
  if (result.httpStatus === 200) return { state: 'up' };
  const failed = failedChecks(result.body);
  return {
    state: 'down',
    reason:
      failed.length > 0
        ? `not ready: ${failed.map((name) => `${name} down`).join(', ')}`
        : `readiness answered HTTP ${result.httpStatus}`,
  };
}

function failedChecks(body: unknown): string[] {
  const error = (body as { error?: unknown } | null)?.error;
  if (error === null || typeof error !== 'object') return [];
  return Object.keys(error).filter((name) => /^[a-z][a-z0-9-]{0,40}$/.test(name));
}
