// Loaded first: lets plain Node require the ESM-only Polygon SDK.
import '../bin/polygon-esm-resolution';
import { POLYGON_JOB_KINDS, type PolygonJob } from '@mdi/domain';
import { Redis } from 'ioredis';
import { createProviderLogger } from '../lib/observability/provider-logger';
import { createPolygonStack } from '../lib/polygon/polygon-stack';
import type { JobHandlers } from '../lib/queue/job-results';

/*
 * One Polygon worker replica for the multi-process tests. Every setting comes
 * from the environment; completions are counted per job id in Redis so the
 * test can prove that no job was lost or run twice.
 */
const env = (name: string): string => {
  const value = process.env[name];
  if (value === undefined || value === '') throw new Error(`${name} is required`);
  return value;
};

async function main(): Promise<void> {
  const prefix = env('QUEUE_PREFIX');
  const apiKey = env('POLYGON_API_KEY');
  const logger = createProviderLogger({ name: env('WORKER_NAME'), secrets: [apiKey], level: 'info' });
  const redis = new Redis(env('REDIS_URL'), { maxRetriesPerRequest: null });
  // The test's own bookkeeping client; the stack's Queue, QueueEvents and Worker are what is under test.
  redis.on('error', () => undefined);
  const { stack } = createPolygonStack(
    {
      apiKey,
      baseUrl: env('POLYGON_BASE_URL'),
      redisUrl: env('REDIS_URL'),
      prefix,
      rateLimit: Number(env('RATE_LIMIT')),
      rateWindowMs: Number(env('RATE_WINDOW_MS')),
      maxRetries: Number(process.env['MAX_RETRIES'] ?? 3),
      retryBaseDelayMs: Number(process.env['RETRY_BASE_DELAY_MS'] ?? 100),
      defaultRetryAfterMs: Number(process.env['DEFAULT_RETRY_AFTER_MS'] ?? 1000),
      breaker: { consecutiveFailures: 3, halfOpenAfterMs: 500 },
      ...(process.env['LOCK_DURATION_MS'] ? { lockDurationMs: Number(process.env['LOCK_DURATION_MS']) } : {}),
      ...(process.env['STALLED_INTERVAL_MS'] ? { stalledIntervalMs: Number(process.env['STALLED_INTERVAL_MS']) } : {}),
    },
    { logger },
  );
  stack.breaker.onStateChange((state) => void redis.rpush(`${prefix}:test:circuit`, `${env('WORKER_NAME')}:${state}`));

  const record = async (_result: unknown, _job: PolygonJob, context: { jobId: string }) => {
    await redis.hincrby(`${prefix}:test:completions`, context.jobId, 1);
    return { worker: env('WORKER_NAME') };
  };
  const handlers = Object.fromEntries(
    POLYGON_JOB_KINDS.map((kind) => [kind, record]),
  ) as unknown as JobHandlers<PolygonJob>;
  stack.handlers.registerAll(handlers);
  await stack.startWorker();
  if (process.env['OPEN_QUEUE_EVENTS'] === '1') {
    // Opens the producer's QueueEvents connection too (callAndWait), so all three BullMQ objects are live.
    await stack.queue.callAndWait({ job: { kind: 'market-holidays' }, window: `warm-up-${env('WORKER_NAME')}` });
  }
  process.stdout.write(`worker ready ${env('WORKER_NAME')}\n`);

  const shutdown = async () => {
    await stack.close();
    await redis.quit();
    process.exit(0);
  };
  process.on('SIGTERM', () => void shutdown());
  process.on('SIGINT', () => void shutdown());
}

main().catch((error: Error) => {
  process.stderr.write(`worker failed: ${error.message}\n`);
  process.exit(1);
});
