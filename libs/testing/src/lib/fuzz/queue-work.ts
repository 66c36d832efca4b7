import Redis from 'ioredis';

/** The BullMQ keys that hold work not finished yet: lists of waiting, paused and running jobs, sets of delayed, prioritized and waiting-children ones. */
const PENDING_LISTS = ['wait', 'paused', 'active'];
const PENDING_SETS = ['delayed', 'prioritized', 'waiting-children'];

/**
 * Counts the jobs of every BullMQ queue under `prefix` (QUEUE_PREFIX) that
 * are waiting, delayed, retrying or running: 0 means work a request queued
 * is done. One connection per call, keys found with SCAN.
 */
export async function pendingQueueJobs(prefix: string, redisUrl = 'redis://127.0.0.1:6379'): Promise<number> {
  const redis = new Redis(redisUrl, { maxRetriesPerRequest: 1 });
  try {
    let pending = 0;
    let cursor = '0';
    do {
      const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}:*`, 'COUNT', 1000);
      cursor = next;
      for (const key of keys) {
        const suffix = key.slice(key.lastIndexOf(':') + 1);
        if (PENDING_LISTS.includes(suffix)) pending += await redis.llen(key);
        else if (PENDING_SETS.includes(suffix)) pending += await redis.zcard(key);
      }
    } while (cursor !== '0');
    return pending;
  } finally {
    redis.disconnect();
  }
}
