import { QueueName } from '@mdi/domain';
import { Queue } from 'bullmq';

/**
 * The BullMQ queues the services use: one per provider, the call budget
 * (QueueName.QualityChecks is declared in the domain but no service uses it).
 */
export const DASHBOARD_QUEUE_NAMES = [QueueName.PolygonCalls, QueueName.AlpacaCalls] as const;

/** Read-side handles on the services' queues (QUEUE_PREFIX as the services use it); they run no worker. */
export function openDashboardQueues(redisUrl: string, prefix: string): Queue[] {
  const url = new URL(redisUrl);
  const db = url.pathname.length > 1 ? Number(url.pathname.slice(1)) : 0;
  const connection = {
    host: url.hostname,
    port: url.port ? Number(url.port) : 6379,
    ...(url.username ? { username: decodeURIComponent(url.username) } : {}),
    ...(url.password ? { password: decodeURIComponent(url.password) } : {}),
    db: Number.isInteger(db) ? db : 0,
    ...(url.protocol === 'rediss:' ? { tls: {} } : {}),
    // While Redis is away a dashboard request fails after one reconnection attempt instead of waiting.
    maxRetriesPerRequest: 1,
  };
  return DASHBOARD_QUEUE_NAMES.map((name) => {
    const queue = new Queue(name, { connection, prefix });
    // A Redis outage shows as errors in the dashboard's answers, not as unhandled events.
    queue.on('error', () => undefined);
    return queue;
  });
}
