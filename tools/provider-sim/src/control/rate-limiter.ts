import { Provider } from '../http/http-types';

export interface RateLimit {
  /** Calls allowed per window; 0 disables the limit. */
  limit: number;
  windowMs: number;
}

export interface RateDecision {
  allowed: boolean;
  limit: number;
  remaining: number;
  /** Epoch ms at which the oldest call in the window leaves it. */
  resetAtMs: number;
  /** Whole seconds to wait before a call can succeed (>= 1 when refused). */
  retryAfterSeconds: number;
}

export function validRateLimit(value: unknown, name: string): RateLimit {
  const v = value as Partial<RateLimit> | null;
  if (!v || typeof v !== 'object') throw new Error(`${name} must be an object {limit, windowMs}`);
  if (!Number.isInteger(v.limit) || (v.limit as number) < 0) throw new Error(`${name}.limit must be an integer >= 0`);
  if (!Number.isInteger(v.windowMs) || (v.windowMs as number) < 1)
    throw new Error(`${name}.windowMs must be an integer >= 1`);
  return { limit: v.limit as number, windowMs: v.windowMs as number };
}

/** Per-key sliding-window log (exact, not a fixed bucket): refused calls do not use up the window. */
export class SlidingWindowLimiter {
  private readonly hits = new Map<string, number[]>();
  private readonly perKey = new Map<string, RateLimit>();

  constructor(private readonly defaults: Record<Provider, RateLimit>) {}

  setDefault(provider: Provider, limit: RateLimit): void {
    this.defaults[provider] = limit;
  }

  setForKey(key: string, limit: RateLimit): void {
    this.perKey.set(key, limit);
  }

  rules(): { defaults: Record<Provider, RateLimit>; keys: Record<string, RateLimit> } {
    return { defaults: { ...this.defaults }, keys: Object.fromEntries(this.perKey) };
  }

  check(provider: Provider, key: string, now = Date.now()): RateDecision {
    const rule = this.perKey.get(key) ?? this.defaults[provider];
    if (rule.limit === 0) return { allowed: true, limit: 0, remaining: 0, resetAtMs: now, retryAfterSeconds: 0 };
    const id = `${provider}:${key}`;
    const log = (this.hits.get(id) ?? []).filter((t) => t > now - rule.windowMs);
    const allowed = log.length < rule.limit;
    if (allowed) log.push(now);
    this.hits.set(id, log);
    const resetAtMs = (log[0] ?? now) + rule.windowMs;
    return {
      allowed,
      limit: rule.limit,
      remaining: Math.max(0, rule.limit - log.length),
      resetAtMs,
      retryAfterSeconds: allowed ? 0 : Math.max(1, Math.ceil((resetAtMs - now) / 1000)),
    };
  }

  /** The state check() would report, without counting a call (headers of answers the limiter never saw). */
  peek(provider: Provider, key: string, now = Date.now()): RateDecision {
    const rule = this.perKey.get(key) ?? this.defaults[provider];
    if (rule.limit === 0) return { allowed: true, limit: 0, remaining: 0, resetAtMs: now, retryAfterSeconds: 0 };
    const log = (this.hits.get(`${provider}:${key}`) ?? []).filter((t) => t > now - rule.windowMs);
    return {
      allowed: log.length < rule.limit,
      limit: rule.limit,
      remaining: Math.max(0, rule.limit - log.length),
      resetAtMs: (log[0] ?? now) + rule.windowMs,
      retryAfterSeconds: 0,
    };
  }

  clearWindows(): void {
    this.hits.clear();
  }
}
