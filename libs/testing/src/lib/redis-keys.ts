import Redis from 'ioredis';

/**
 * Deletes a test run's Redis keys, those matching `patterns` (its queue and
 * cache prefixes), never anything else: SCAN, not KEYS, so a shared Redis is
 * not blocked.
 */
export async function removeRedisKeys(patterns: readonly string[], redisUrl = 'redis://127.0.0.1:6379'): Promise<void> {
  const redis = new Redis(redisUrl);
  try {
    for (const pattern of patterns) {
      let cursor = '0';
      do {
        const [next, keys] = await redis.scan(cursor, 'MATCH', pattern, 'COUNT', 1000);
        cursor = next;
        if (keys.length > 0) await redis.del(...keys);
      } while (cursor !== '0');
    }
  } finally {
    redis.disconnect();
  }
}
