import Redis from 'ioredis';

/**
 * Deletes a test run's Redis keys, those matching `patterns` (its queue and
 * cache prefixes), never anything else: SCAN, not KEYS, so a shared Redis is
 * not blocked. The keys found are deleted by one command, so a reader never
 * sees them half gone, as after a Redis restarted without its data.
 */
export async function removeRedisKeys(patterns: readonly string[], redisUrl = 'redis://127.0.0.1:6379'): Promise<void> {
  const redis = new Redis(redisUrl);
  try {
    const found = new Set<string>();
    for (const pattern of patterns) {
      let cursor = '0';
      do {
        const [next, keys] = await redis.scan(cursor, 'MATCH', pattern, 'COUNT', 1000);
        cursor = next;
        for (const key of keys) found.add(key);
      } while (cursor !== '0');
    }
    if (found.size > 0) await redis.del(...found);
  } finally {
    redis.disconnect();
  }
}
