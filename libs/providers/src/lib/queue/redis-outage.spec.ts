import { POLYGON_JOBS, type PolygonJob } from '@mdi/domain';
import { startTcpProxy, type TcpProxy } from '@mdi/testing';
import { Redis } from 'ioredis';
import { randomBytes } from 'node:crypto';
import { startSimulatorProcess, type SimulatorProcess } from '../../test-support/simulator-process';
import { startWorkerProcess, type WorkerProcess } from '../../test-support/worker-processes';
import { callJobId } from './provider-call';
import { ProviderQueue } from './provider-queue';
import { redisConnection } from './redis-connection';

const REDIS_URL = process.env['TEST_REDIS_URL'] ?? 'redis://127.0.0.1:6379';
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function until(what: string, probe: () => Promise<boolean>, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await probe())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(100);
  }
}

const day = (i: number): PolygonJob => ({ kind: 'grouped-daily', date: `2026-11-${String(16 + i).padStart(2, '0')}` });

/*
 * A worker process whose Queue, QueueEvents and Worker all reach Redis through
 * a TCP proxy. Cutting the proxy is a Redis outage for that process only.
 */
describe('a provider process survives a Redis outage', () => {
  let sim: SimulatorProcess;
  let proxy: TcpProxy;
  let redis: Redis;
  let worker: WorkerProcess | undefined;
  let producer: ProviderQueue<PolygonJob>;
  const prefix = `mdi-test-providers-${randomBytes(4).toString('hex')}`;

  beforeAll(async () => {
    sim = await startSimulatorProcess();
    redis = new Redis(REDIS_URL, { maxRetriesPerRequest: 1 });
    await redis.ping();
    proxy = await startTcpProxy(Number(new URL(REDIS_URL).port || 6379), new URL(REDIS_URL).hostname);
    producer = new ProviderQueue<PolygonJob>('polygon-calls', {
      connection: redisConnection(REDIS_URL),
      jobs: POLYGON_JOBS,
      prefix,
    });
  });

  afterAll(async () => {
    await worker?.stop();
    await producer?.bullQueue.obliterate({ force: true }).catch(() => undefined);
    await producer?.close();
    const keys = await redis.keys(`${prefix}:*`);
    if (keys.length > 0) await redis.del(...keys);
    await redis?.quit();
    await proxy?.close();
    await sim?.close();
  });

  it('logs scrubbed connection errors instead of crashing, and takes work again once Redis is back', async () => {
    const proxied = `redis://127.0.0.1:${proxy.port}`;
    worker = await startWorkerProcess('outage', {
      REDIS_URL: proxied,
      QUEUE_PREFIX: prefix,
      POLYGON_API_KEY: sim.polygonKey,
      POLYGON_BASE_URL: sim.url,
      RATE_LIMIT: '50',
      RATE_WINDOW_MS: '1000',
      OPEN_QUEUE_EVENTS: '1',
    });
    const completed = async (job: PolygonJob) =>
      (await redis.hget(`${prefix}:test:completions`, callJobId({ job }, POLYGON_JOBS))) === '1';

    await producer.enqueue({ job: day(0) });
    await until('a job before the outage', () => completed(day(0)));

    await proxy.cut();
    // Long enough for every connection to fail and ioredis to retry a few times.
    await sleep(3000);
    expect(worker.exitCode()).toBeNull();
    await producer.enqueue({ job: day(1) });
    await sleep(500);
    expect(await completed(day(1))).toBe(false);

    await proxy.restore();
    await until('the job enqueued during the outage', () => completed(day(1)));
    await producer.enqueue({ job: day(2) });
    await until('a job after the outage', () => completed(day(2)));
    expect(worker.exitCode()).toBeNull();

    const output = worker
      .output()
      .split('\n')
      .filter((line) => line.trim() !== '' && line !== 'worker ready outage');
    // Everything went through the provider logger: no stray console.error of a raw Redis error or stack.
    expect(output.filter((line) => !line.startsWith('{'))).toEqual([]);
    const lines = output.map((line) => JSON.parse(line) as { msg: string; component?: string; error?: string });
    const errors = lines.filter((line) => line.msg === 'provider queue connection error');
    expect(new Set(errors.map((line) => line.component))).toEqual(new Set(['queue', 'queue-events', 'worker']));
    // Throttled: a few lines per component for a 3 s outage, not one per reconnect attempt.
    expect(errors.length).toBeLessThanOrEqual(9);
    expect(worker.output()).not.toMatch(/Unhandled|uncaught/i);
    expect(worker.output()).not.toContain(sim.polygonKey);
  }, 90_000);
});
