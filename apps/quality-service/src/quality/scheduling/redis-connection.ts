import type { ConnectionOptions } from 'bullmq';

/** BullMQ connection options from REDIS_URL (redis:// or rediss://, optional user, password, db). */
export function redisConnectionOf(url: string): ConnectionOptions {
  const parsed = new URL(url);
  const db = parsed.pathname.length > 1 ? Number(parsed.pathname.slice(1)) : 0;
  return {
    host: parsed.hostname,
    port: parsed.port ? Number(parsed.port) : 6379,
    ...(parsed.username ? { username: decodeURIComponent(parsed.username) } : {}),
    ...(parsed.password ? { password: decodeURIComponent(parsed.password) } : {}),
    db: Number.isInteger(db) ? db : 0,
    ...(parsed.protocol === 'rediss:' ? { tls: {} } : {}),
    // A worker blocks on Redis; ioredis must keep retrying those commands through an outage.
    maxRetriesPerRequest: null,
  };
}
