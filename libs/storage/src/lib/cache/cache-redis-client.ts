import Redis from 'ioredis';

export interface CacheRedisClientOptions {
  readonly redisUrl: string;
  readonly keyPrefix?: string;
  /** A command slower than this fails (and the caller treats it as a miss). */
  readonly commandTimeoutMs?: number;
}

/**
 * An ioredis client for caching only: it fails fast instead of waiting, so a
 * Redis outage turns into misses within the command timeout, never into a
 * slow or failed answer.
 */
export function createCacheRedisClient(options: CacheRedisClientOptions): Redis {
  const redis = new Redis(options.redisUrl, {
    keyPrefix: options.keyPrefix,
    // Connect on first use: a module that never touches the cache (or an
    // app whose start-up fails) holds no socket and no reconnect timer.
    lazyConnect: true,
    // Fail at once while disconnected instead of queueing behind a dead socket.
    enableOfflineQueue: false,
    maxRetriesPerRequest: 0,
    commandTimeout: options.commandTimeoutMs ?? 250,
    connectTimeout: 1000,
    // How long close() waits for a dead socket before destroying it (ioredis default 2 s).
    disconnectTimeout: 200,
    // Keep trying to come back (so the cache recovers), but at most every 5 s.
    retryStrategy: (attempt) => Math.min(attempt * 250, 5000),
  });
  // Without a listener an unreachable Redis would be an unhandled 'error' event.
  redis.on('error', () => undefined);
  return redis;
}
