import type { ProviderJob } from '@mdi/domain';
import { redactSecrets } from '@mdi/platform';
import { Redis } from 'ioredis';
import { ProviderError } from '../errors/provider-error';
import { takeBudgetSlot } from '../queue/budget-slot';
import type { ProviderQueue } from '../queue/provider-queue';
import { spacedLimiter } from '../queue/provider-worker';

export interface Verdict {
  readonly provider: string;
  readonly reachable: boolean;
  readonly authenticated: boolean;
  /** Calls left before the budget refuses, when known. */
  readonly headroom: string;
  readonly ok: boolean;
  readonly detail: string;
}

export interface ProbeTarget {
  readonly provider: string;
  /** The provider's shared queue (any provider's jobs): the probe takes one slot of its budget. */
  readonly queue: Pick<ProviderQueue<ProviderJob>, 'budget' | 'bullQueue'>;
  readonly rateLimit: number;
  readonly rateWindowMs: number;
  /** One cheap authenticated call. */
  readonly probe: () => Promise<void>;
  /** Headroom the provider itself reports after the probe (Alpaca's X-RateLimit-Remaining). */
  readonly reportedHeadroom?: () => string | null;
}

/** Longest the check waits for a free slot in a busy queue before it gives up. */
const MAX_SLOT_WAIT_MS = 30_000;

/**
 * Checks one provider: reachable (any HTTP answer), authenticated (not
 * 401/403) and rate-limit headroom, spending one call of the shared budget.
 */
export async function checkProvider(target: ProbeTarget, redis: Redis, secrets: readonly string[]): Promise<Verdict> {
  const limiter = spacedLimiter(target.rateLimit, target.rateWindowMs);
  const before = await target.queue.budget();
  const counts = await target.queue.bullQueue.getJobCounts('waiting', 'delayed', 'active');
  const backlog = `${counts['waiting'] ?? 0} waiting, ${counts['delayed'] ?? 0} delayed, ${counts['active'] ?? 0} active`;
  if (before.used > limiter.max) {
    return verdict(
      target.provider,
      false,
      false,
      `paused by a 429 for ${Math.ceil(before.resetsInMs / 1000)} s`,
      false,
      `queue ${backlog}; not probed`,
    );
  }

  const started = Date.now();
  let wait = await takeBudgetSlot(redis, target.queue.bullQueue.keys['limiter'], limiter);
  while (wait > 0 && Date.now() - started + wait <= MAX_SLOT_WAIT_MS) {
    await new Promise((resolve) => setTimeout(resolve, wait));
    wait = await takeBudgetSlot(redis, target.queue.bullQueue.keys['limiter'], limiter);
  }
  if (wait > 0) {
    return verdict(
      target.provider,
      false,
      false,
      'none: every slot is in use by the workers',
      false,
      `queue ${backlog}; not probed`,
    );
  }
  const budget = `budget ${target.rateLimit} per ${target.rateWindowMs / 1000} s, queue ${backlog}`;

  try {
    await target.probe();
    const reported = target.reportedHeadroom?.() ?? null;
    const headroom = reported ?? `next call slot in ${Math.ceil(limiter.duration / 1000)} s`;
    const exhausted = reported !== null && /^0\b/.test(reported);
    return verdict(target.provider, true, true, headroom, !exhausted, budget);
  } catch (error) {
    const failure = error instanceof ProviderError ? error : null;
    const reachable = failure !== null && failure.status !== null;
    const authenticated = reachable && failure?.failure !== 'unauthorized';
    const reason = redactSecrets(failure ? failure.message : String((error as Error)?.message ?? error), secrets);
    const headroom = failure?.failure === 'rate-limited' ? `0: the provider answered 429 (${reason})` : 'unknown';
    return verdict(target.provider, reachable, authenticated, headroom, false, `${budget}; ${reason}`);
  }
}

function verdict(
  provider: string,
  reachable: boolean,
  authenticated: boolean,
  headroom: string,
  ok: boolean,
  detail: string,
): Verdict {
  return { provider, reachable, authenticated, headroom, ok: ok && reachable && authenticated, detail };
}

/** One line per provider, e.g. "polygon  OK    reachable=yes authenticated=yes headroom=... (...)". */
export function formatVerdict(v: Verdict): string {
  const yes = (flag: boolean) => (flag ? 'yes' : 'no');
  return `${v.provider.padEnd(8)} ${v.ok ? 'OK  ' : 'FAIL'}  reachable=${yes(v.reachable)} authenticated=${yes(v.authenticated)} headroom=${v.headroom} (${v.detail})`;
}
