import Redis from 'ioredis';

/** Removes every key a test run wrote under its unique prefix (queues and cache). */
export async function removeRedisKeys(prefix: string): Promise<void> {
  const redis = new Redis(process.env['TEST_REDIS_URL'] || 'redis://127.0.0.1:6379', { maxRetriesPerRequest: 1 });
  try {
    const keys = await redis.keys(`${prefix}:*`);
    if (keys.length > 0) await redis.del(...keys);
  } finally {
    redis.disconnect();
  }
}
