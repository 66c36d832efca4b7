import { randomUUID } from 'node:crypto';
import type { MarketDataBar } from '@mdi/domain';
import Redis from 'ioredis';
import { bar } from '../../test-support/bars';
import { blackHole, tcpProxy } from '../../test-support/tcp-servers';
import { MarketDataCache } from './market-data-cache';

const REDIS_URL = process.env['TEST_REDIS_URL'] ?? 'redis://127.0.0.1:6379';

/** Runs every cache call once and returns how long the whole set took. */
async function everyCall(cache: MarketDataCache): Promise<{ results: unknown[]; ms: number }> {
  const started = Date.now();
  const results = await Promise.all([
    cache.getBars('AAPL', '1d'),
    cache.setBars('AAPL', '1d', [bar('AAPL', '2024-07-01')]),
    cache.invalidateBars('AAPL', '1d'),
    cache.getActiveSymbols(),
    cache.setActiveSymbols(['AAPL']),
    cache.getRateLimit('polygon'),
    cache.setRateLimit('polygon', { limit: 5, remaining: 4, resetAt: new Date() }),
    cache.getLastUpdate('AAPL'),
    cache.setLastUpdate('AAPL', new Date()),
  ]);
  return { results, ms: Date.now() - started };
}

const ALL_MISSES = [null, undefined, undefined, null, undefined, null, undefined, null, undefined];

describe('MarketDataCache on a live Redis', () => {
  const prefix = `mdi-test:${randomUUID()}:`;
  let cache: MarketDataCache;
  let raw: Redis;
  beforeAll(async () => {
    raw = new Redis(REDIS_URL, { lazyConnect: true, maxRetriesPerRequest: 0 });
    await raw.connect(); // fails the suite loudly when Redis is not running
    cache = new MarketDataCache({ redisUrl: REDIS_URL, keyPrefix: prefix, barsTtlSeconds: 120 });
    expect(await cache.waitUntilReady()).toBe(true);
  });
  afterAll(async () => {
    const keys = await raw.keys(`${prefix}*`);
    if (keys.length > 0) await raw.del(...keys);
    await cache.close();
    raw.disconnect();
  });

  const ttl = (key: string) => raw.ttl(`${prefix}${key}`);

  it('stores each kind of value under the seed key with the seed TTL, and reads it back typed', async () => {
    const bars: MarketDataBar[] = [bar('AAPL', '2024-07-01', { open: '216.802' }), bar('AAPL', '2024-07-02')];
    await cache.setBars('AAPL', '1d', bars);
    await cache.setActiveSymbols(['AAPL', 'MSFT']);
    const resetAt = new Date('2024-07-01T13:46:00Z');
    await cache.setRateLimit('polygon', { limit: 5, remaining: 3, resetAt });
    await cache.setLastUpdate('AAPL', new Date('2024-07-02T21:00:00Z'));

    expect(await cache.getBars('AAPL', '1d')).toEqual(bars);
    expect(await cache.getActiveSymbols()).toEqual(['AAPL', 'MSFT']);
    expect(await cache.getRateLimit('polygon')).toEqual({ limit: 5, remaining: 3, resetAt });
    expect(await cache.getLastUpdate('AAPL')).toEqual(new Date('2024-07-02T21:00:00Z'));

    // barsTtlSeconds (DATA_INGESTION_CACHE_TTL) overrides the 300 s default.
    expect(await ttl('data:bars:AAPL:1d')).toBeGreaterThan(115);
    expect(await ttl('data:bars:AAPL:1d')).toBeLessThanOrEqual(120);
    expect(await ttl('data:active_symbols')).toBeGreaterThan(3595);
    expect(await ttl('data:active_symbols')).toBeLessThanOrEqual(3600);
    expect(await ttl('rate_limit:polygon')).toBeGreaterThan(55);
    expect(await ttl('rate_limit:polygon')).toBeLessThanOrEqual(60);
    expect(await ttl('data:last_update:AAPL')).toBeGreaterThan(295);
    expect(await ttl('data:last_update:AAPL')).toBeLessThanOrEqual(300);
    expect(JSON.parse((await raw.get(`${prefix}data:active_symbols`)) ?? 'null')).toEqual(['AAPL', 'MSFT']);
  });

  it('uses the seed default of 300 s for bars when no TTL is given', async () => {
    const plain = new MarketDataCache({ redisUrl: REDIS_URL, keyPrefix: prefix });
    try {
      expect(await plain.waitUntilReady()).toBe(true);
      await plain.setBars('MSFT', '1d', [bar('MSFT', '2024-07-01')]);
      expect(await ttl('data:bars:MSFT:1d')).toBeGreaterThan(295);
      expect(await ttl('data:bars:MSFT:1d')).toBeLessThanOrEqual(300);
    } finally {
      await plain.close();
    }
  });

  it('counts hits and misses, and treats a corrupt value as a miss', async () => {
    const counting = new MarketDataCache({ redisUrl: REDIS_URL, keyPrefix: prefix });
    try {
      expect(await counting.waitUntilReady()).toBe(true);
      await counting.setActiveSymbols(['AAPL']);
      await raw.set(`${prefix}data:bars:BAD:1d`, '{not json');
      expect(await counting.getActiveSymbols()).toEqual(['AAPL']);
      expect(await counting.getLastUpdate('NOPE')).toBeNull();
      expect(await counting.getBars('BAD', '1d')).toBeNull();
      expect(counting.stats()).toEqual({ hits: 1, misses: 2, errors: 1 });
      await counting.invalidateBars('BAD', '1d');
      expect(await raw.exists(`${prefix}data:bars:BAD:1d`)).toBe(0);
    } finally {
      await counting.close();
    }
  });

  it('rejects a TTL that is not a positive whole number of seconds', () => {
    for (const bad of [0, -1, 1.5, Number.NaN]) {
      expect(() => new MarketDataCache({ redisUrl: REDIS_URL, barsTtlSeconds: bad })).toThrow(/positive whole number/);
    }
  });
});

describe('MarketDataCache without a usable Redis', () => {
  it('misses quickly and never throws when nothing listens', async () => {
    const cache = new MarketDataCache({ redisUrl: 'redis://127.0.0.1:1' });
    try {
      expect(await cache.waitUntilReady(300)).toBe(false);
      const { results, ms } = await everyCall(cache);
      expect(results).toEqual(ALL_MISSES);
      expect(ms).toBeLessThan(1000);
      expect(cache.stats()).toEqual({ hits: 0, misses: 4, errors: 9 });
    } finally {
      await cache.close();
    }
  });

  it('misses within the command timeout when Redis accepts but never answers', async () => {
    const hole = await blackHole();
    const cache = new MarketDataCache({ redisUrl: `redis://127.0.0.1:${hole.port}` });
    try {
      await new Promise((resolve) => setTimeout(resolve, 100)); // let it connect to the hole
      const { results, ms } = await everyCall(cache);
      expect(results).toEqual(ALL_MISSES);
      expect(ms).toBeLessThan(1000);
      expect(cache.stats().errors).toBe(9);
    } finally {
      await cache.close();
      await hole.close();
    }
  });

  it('degrades to misses when Redis goes away mid-run, then recovers when it returns', async () => {
    const proxy = await tcpProxy(6379);
    const prefix = `mdi-test:${randomUUID()}:`;
    const cache = new MarketDataCache({ redisUrl: `redis://127.0.0.1:${proxy.port}`, keyPrefix: prefix });
    let second: Awaited<ReturnType<typeof tcpProxy>> | undefined;
    try {
      expect(await cache.waitUntilReady()).toBe(true);
      await cache.setActiveSymbols(['AAPL']);
      expect(await cache.getActiveSymbols()).toEqual(['AAPL']);

      await proxy.close();
      const { results, ms } = await everyCall(cache);
      expect(results).toEqual(ALL_MISSES);
      expect(ms).toBeLessThan(1000);
      expect(cache.stats()).toMatchObject({ hits: 1, errors: 9 });

      second = await tcpProxy(6379, proxy.port);
      expect(await cache.waitUntilReady(5000)).toBe(true);
      expect(await cache.getActiveSymbols()).toEqual(['AAPL']);
      expect(cache.stats().hits).toBe(2);
      const cleanup = new Redis(REDIS_URL);
      await cleanup.del(`${prefix}data:active_symbols`);
      cleanup.disconnect();
    } finally {
      await cache.close();
      await second?.close();
    }
  });
});
