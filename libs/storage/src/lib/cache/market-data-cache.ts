import type { MarketDataBar, Timeframe } from '@mdi/domain';
import type Redis from 'ioredis';
import { createCacheRedisClient } from './cache-redis-client';
import { CACHE_TTL_SECONDS, CacheKeys } from './cache-keys';

export interface MarketDataCacheOptions {
  readonly redisUrl: string;
  /** DATA_INGESTION_CACHE_TTL: TTL of `data:bars:*` in seconds (default 300). */
  readonly barsTtlSeconds?: number;
  /** Prepended to every key (tests use a unique one). */
  readonly keyPrefix?: string;
  /** A command slower than this counts as a miss (default 250 ms). */
  readonly commandTimeoutMs?: number;
}

/** What a provider's client last saw of its rate limit (informational; BullMQ enforces the budget). */
export interface RateLimitSnapshot {
  readonly limit: number;
  readonly remaining: number;
  readonly resetAt: Date;
}

export interface CacheStats {
  readonly hits: number;
  /** Every get that returned null, including those caused by an error. */
  readonly misses: number;
  /** Commands that failed or timed out (Redis down, slow, or a corrupt value). */
  readonly errors: number;
}

/**
 * Redis as an accelerator only: every failure (Redis down, slow, a value that
 * does not parse) becomes a miss or a no-op within `commandTimeoutMs`, never an
 * exception, so a Redis outage cannot change or fail an answer.
 */
export class MarketDataCache {
  private readonly redis: Redis;
  private readonly barsTtl: number;
  private hits = 0;
  private misses = 0;
  private errors = 0;

  constructor(options: MarketDataCacheOptions) {
    this.barsTtl = options.barsTtlSeconds ?? CACHE_TTL_SECONDS.bars;
    if (!Number.isInteger(this.barsTtl) || this.barsTtl <= 0) {
      throw new RangeError(
        `cache TTL must be a positive whole number of seconds, got ${String(options.barsTtlSeconds)}`,
      );
    }
    this.redis = createCacheRedisClient(options);
  }

  async getBars(symbol: string, timeframe: Timeframe): Promise<MarketDataBar[] | null> {
    const bars = await this.getJson<(Omit<MarketDataBar, 'timestamp'> & { timestamp: string })[]>(
      CacheKeys.bars(symbol, timeframe),
    );
    return bars?.map((bar) => ({ ...bar, timestamp: new Date(bar.timestamp) })) ?? null;
  }

  setBars(symbol: string, timeframe: Timeframe, bars: readonly MarketDataBar[]): Promise<void> {
    return this.setJson(CacheKeys.bars(symbol, timeframe), bars, this.barsTtl);
  }

  invalidateBars(symbol: string, timeframe: Timeframe): Promise<void> {
    return this.run(() => this.redis.del(CacheKeys.bars(symbol, timeframe)));
  }

  getActiveSymbols(): Promise<string[] | null> {
    return this.getJson<string[]>(CacheKeys.activeSymbols());
  }

  setActiveSymbols(symbols: readonly string[]): Promise<void> {
    return this.setJson(CacheKeys.activeSymbols(), symbols, CACHE_TTL_SECONDS.activeSymbols);
  }

  async getRateLimit(provider: string): Promise<RateLimitSnapshot | null> {
    const value = await this.getJson<Omit<RateLimitSnapshot, 'resetAt'> & { resetAt: string }>(
      CacheKeys.rateLimit(provider),
    );
    return value ? { ...value, resetAt: new Date(value.resetAt) } : null;
  }

  setRateLimit(provider: string, snapshot: RateLimitSnapshot): Promise<void> {
    return this.setJson(CacheKeys.rateLimit(provider), snapshot, CACHE_TTL_SECONDS.rateLimit);
  }

  async getLastUpdate(symbol: string): Promise<Date | null> {
    const value = await this.getJson<string>(CacheKeys.lastUpdate(symbol));
    return value === null ? null : new Date(value);
  }

  setLastUpdate(symbol: string, at: Date): Promise<void> {
    return this.setJson(CacheKeys.lastUpdate(symbol), at.toISOString(), CACHE_TTL_SECONDS.lastUpdate);
  }

  /**
   * Resolves true once connected, false after `timeoutMs`. Optional: until
   * connected every call is a miss or a no-op, which is correct, only slower.
   */
  async waitUntilReady(timeoutMs = 1000): Promise<boolean> {
    if (this.redis.status === 'ready') return true;
    this.connectIfIdle();
    return new Promise<boolean>((resolve) => {
      const done = (ready: boolean) => {
        clearTimeout(timer);
        this.redis.off('ready', onReady);
        resolve(ready);
      };
      const onReady = () => done(true);
      const timer = setTimeout(() => done(false), timeoutMs);
      this.redis.once('ready', onReady);
    });
  }

  stats(): CacheStats {
    return { hits: this.hits, misses: this.misses, errors: this.errors };
  }

  /** Called by Nest on shutdown; safe to call more than once. */
  async onModuleDestroy(): Promise<void> {
    await this.close();
  }

  async close(): Promise<void> {
    if (this.redis.status === 'ready') {
      await this.redis.quit().catch(() => undefined);
    }
    // Also stops reconnect attempts when Redis was unreachable.
    this.redis.disconnect(false);
  }

  private connectIfIdle(): void {
    if (this.redis.status === 'wait') this.redis.connect().catch(() => undefined);
  }

  private async getJson<T>(key: string): Promise<T | null> {
    this.connectIfIdle();
    let raw: string | null;
    try {
      raw = await this.redis.get(key);
    } catch {
      this.errors += 1;
      this.misses += 1;
      return null;
    }
    if (raw === null) {
      this.misses += 1;
      return null;
    }
    try {
      const value = JSON.parse(raw) as T;
      this.hits += 1;
      return value;
    } catch {
      this.errors += 1;
      this.misses += 1;
      return null;
    }
  }

  private setJson(key: string, value: unknown, ttlSeconds: number): Promise<void> {
    return this.run(() => this.redis.set(key, JSON.stringify(value), 'EX', ttlSeconds));
  }

  private async run(command: () => Promise<unknown>): Promise<void> {
    this.connectIfIdle();
    try {
      await command();
    } catch {
      this.errors += 1;
    }
  }
}
