import { POLYGON_JOBS, type PolygonJob } from '@mdi/domain';
import { Redis } from 'ioredis';
import { randomBytes } from 'node:crypto';
import { startSimulatorProcess, type SimulatorProcess } from '../../test-support/simulator-process';
import { startWorkerProcess, type WorkerProcess } from '../../test-support/worker-processes';
import { callJobId } from './provider-call';
import { ProviderQueue } from './provider-queue';
import { redisConnection } from './redis-connection';

const REDIS_URL = process.env['TEST_REDIS_URL'] ?? 'redis://127.0.0.1:6379';
const LOCK_MS = 1000;
const STALLED_INTERVAL_MS = 500;

async function until(what: string, probe: () => Promise<boolean>, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await probe())) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/*
 * A worker process is SIGKILLed in the middle of a call. With the lock and the
 * stalled-check interval shortened (options of the stack / ProvidersModule),
 * another worker takes the job within seconds instead of BullMQ's ~60 s.
 */
describe('a job held by a SIGKILLed worker', () => {
  let sim: SimulatorProcess;
  let redis: Redis;
  let producer: ProviderQueue<PolygonJob>;
  const workers: WorkerProcess[] = [];
  const prefix = `mdi-test-providers-${randomBytes(4).toString('hex')}`;

  beforeAll(async () => {
    sim = await startSimulatorProcess();
    redis = new Redis(REDIS_URL, { maxRetriesPerRequest: 1 });
    await redis.ping();
    producer = new ProviderQueue<PolygonJob>('polygon-calls', {
      connection: redisConnection(REDIS_URL),
      jobs: POLYGON_JOBS,
      prefix,
    });
  });

  afterAll(async () => {
    await Promise.all(workers.map((w) => w.stop()));
    await producer?.bullQueue.obliterate({ force: true }).catch(() => undefined);
    await producer?.close();
    const keys = await redis.keys(`${prefix}:*`);
    if (keys.length > 0) await redis.del(...keys);
    await redis?.quit();
    await sim?.close();
  });

  it(`is taken by another worker within lock (${LOCK_MS} ms) + stalled interval (${STALLED_INTERVAL_MS} ms), and completed once`, async () => {
    const env = {
      REDIS_URL,
      QUEUE_PREFIX: prefix,
      POLYGON_API_KEY: sim.polygonKey,
      POLYGON_BASE_URL: sim.url,
      RATE_LIMIT: '50',
      RATE_WINDOW_MS: '1000',
      LOCK_DURATION_MS: String(LOCK_MS),
      STALLED_INTERVAL_MS: String(STALLED_INTERVAL_MS),
    };
    // The first call hangs for 30 s: the worker that took the job is still in the call when it is killed.
    await sim.control('POST', '/__sim/faults', [
      { kind: 'latency', provider: 'polygon', endpoint: 'polygon.aggs.grouped', latencyMs: 30_000, count: 1 },
    ]);
    const dead = await startWorkerProcess('first', env);
    workers.push(dead);
    const job: PolygonJob = { kind: 'grouped-daily', date: '2026-11-24' };
    const jobId = callJobId({ job }, POLYGON_JOBS);
    await producer.enqueue({ job });
    await until(
      'the call to start',
      async () => (await sim.control('GET', '/__sim/stats')).sinceReset.calls === 1,
      10_000,
    );
    // Started only now, so the job can only be held by the first worker.
    const survivor = await startWorkerProcess('second', env);
    workers.push(survivor);
    expect(await (await producer.bullQueue.getJob(jobId))?.getState()).toBe('active');

    await dead.kill();
    const killedAt = Date.now();
    const completions = async () => Number((await redis.hget(`${prefix}:test:completions`, jobId)) ?? 0);
    // BullMQ's defaults (30 s lock + 30 s check) would leave the job stuck far longer than this.
    await until('the job to be completed by the survivor', async () => (await completions()) === 1, 8_000);
    const tookOverMs = Date.now() - killedAt;
    console.info(`job taken over and completed ${tookOverMs} ms after SIGKILL`);

    // The handler's count comes just before BullMQ moves the job to completed.
    await until(
      'BullMQ to record the completion',
      async () => (await producer.bullQueue.getJobState(jobId)) === 'completed',
      8_000,
    );
    expect(await completions()).toBe(1);
    const done = await producer.bullQueue.getJob(jobId);
    expect(done?.returnvalue).toEqual({ worker: survivor.name });
    expect((await sim.control('GET', '/__sim/stats')).sinceReset.calls).toBe(2);
  }, 60_000);
});
