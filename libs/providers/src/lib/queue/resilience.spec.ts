import { POLYGON_JOBS, POLYGON_JOB_KINDS, type PolygonJob } from '@mdi/domain';
import { MetricsService } from '@mdi/platform';
import { randomBytes } from 'node:crypto';
import { startSimulatorProcess, type SimulatorProcess } from '../../test-support/simulator-process';
import { createProviderLogger } from '../observability/provider-logger';
import { ProviderMetrics } from '../observability/provider-metrics';
import { createPolygonStack, type PolygonStack } from '../polygon/polygon-stack';
import type { CircuitStateName } from '../observability/provider-metrics';
import { JobHandlerMismatchError } from './job-handler.registry';
import type { JobHandlers } from './job-results';
import { callJobId } from './provider-call';

const REDIS_URL = process.env['TEST_REDIS_URL'] ?? 'redis://127.0.0.1:6379';

async function until(what: string, probe: () => boolean | Promise<boolean>, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await probe())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

/** How long a job whose data is not published yet waits here (15 min after the close in production). */
const NOT_YET_DELAY_MS = 300;

const bars = (count: number, symbol = 'MSFT'): PolygonJob[] =>
  Array.from({ length: count }, (_, i) => ({
    kind: 'aggregates-range',
    symbol,
    from: `2026-09-${String(i + 1).padStart(2, '0')}`,
    to: '2026-11-20',
    adjusted: false,
  }));

describe('Polygon queue under 429 storms, 5xx bursts and bad jobs', () => {
  let sim: SimulatorProcess;
  let polygon: PolygonStack;
  let metrics: MetricsService;
  let completions: Map<string, number>;
  let circuit: CircuitStateName[];
  /** Every pino line the stack wrote. */
  let logs: string[];

  const build = (apiKey: string, handlers?: Partial<JobHandlers<PolygonJob>>, referencePageSize?: number) => {
    const stack = createPolygonStack(
      {
        apiKey,
        baseUrl: sim.url,
        redisUrl: REDIS_URL,
        prefix: `mdi-test-providers-${randomBytes(4).toString('hex')}`,
        rateLimit: 20,
        rateWindowMs: 1000,
        maxRetries: 3,
        retryBaseDelayMs: 50,
        defaultRetryAfterMs: 300,
        breaker: { consecutiveFailures: 3, halfOpenAfterMs: 300 },
        referencePageSize,
        retryLater: () => NOT_YET_DELAY_MS,
      },
      {
        metrics: new ProviderMetrics(metrics),
        logger: createProviderLogger({
          name: 'spec',
          secrets: [apiKey],
          destination: { write: (line: string) => void logs.push(line) },
        }),
      },
    );
    const record = async (_result: unknown, _job: unknown, context: { jobId: string }) => {
      completions.set(context.jobId, (completions.get(context.jobId) ?? 0) + 1);
      return { ok: true };
    };
    stack.stack.handlers.registerAll(
      handlers ??
        (Object.fromEntries(POLYGON_JOB_KINDS.map((kind) => [kind, record])) as unknown as JobHandlers<PolygonJob>),
    );
    stack.stack.breaker.onStateChange((state) => circuit.push(state));
    return stack;
  };

  beforeAll(async () => {
    sim = await startSimulatorProcess();
  });
  afterAll(() => sim?.close());

  beforeEach(async () => {
    await sim.control('POST', '/__sim/reset', {});
    metrics = new MetricsService();
    completions = new Map();
    circuit = [];
    logs = [];
    polygon = build(sim.polygonKey);
  });

  afterEach(async () => {
    await polygon.stack.queue.bullQueue.obliterate({ force: true });
    await polygon.stack.close();
  });

  const runAll = async (jobs: PolygonJob[]) => {
    await polygon.stack.startWorker();
    for (const job of jobs) await polygon.stack.queue.enqueue({ job });
    await until(`${jobs.length} completions`, () => completions.size === jobs.length, 30_000);
    // Give a stray second run the chance to show up before counting.
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect([...completions.keys()].sort()).toEqual(jobs.map((job) => callJobId({ job }, POLYGON_JOBS)).sort());
    expect([...completions.values()].every((n) => n === 1)).toBe(true);
  };

  it('a 429 storm pauses the queue, loses no job, spends no attempt and leaves the breaker closed', async () => {
    await sim.control('POST', '/__sim/faults', [
      { kind: 'rate-limit', provider: 'polygon', retryAfterSeconds: 1, count: 3 },
    ]);
    const started = Date.now();
    await runAll(bars(8));
    const stats = await sim.control('GET', '/__sim/stats');
    expect(stats.sinceReset.rateLimited).toBe(3);
    expect(stats.sinceReset.calls).toBe(8 + 3);
    // Three pauses of Retry-After: 1 s each, honoured by the whole queue.
    expect(Date.now() - started).toBeGreaterThanOrEqual(3000);
    for (const job of bars(8)) {
      const stored = await polygon.stack.queue.bullQueue.getJob(callJobId({ job }, POLYGON_JOBS));
      expect(stored?.attemptsMade).toBeLessThanOrEqual(1);
    }
    expect(circuit).toEqual([]);
    expect(polygon.stack.breaker.circuitState()).toBe('closed');
    expect(logs.filter((line) => line.includes('provider rate limit hit: pausing the queue'))).toHaveLength(3);
    expect(logs.join('')).not.toContain(sim.polygonKey);
  }, 40_000);

  it('a 5xx burst is retried with backoff, opens the breaker, which closes again; every job runs once', async () => {
    await sim.control('POST', '/__sim/faults', [
      { kind: 'http-error', provider: 'polygon', status: 503, body: 'mixed', count: 5 },
    ]);
    await runAll(bars(6));
    expect(circuit).toContain('open');
    expect(circuit[circuit.length - 1]).toBe('closed');
    expect(polygon.stack.breaker.circuitState()).toBe('closed');
    const text = await metrics.registry.metrics();
    expect(text).toContain(
      'mdi_provider_api_calls_total{provider="polygon",endpoint="aggregates-range",status="503"} 5',
    );
    expect(text).toContain('mdi_circuit_state{provider="polygon"} 0');
    const log = logs.join('');
    expect(log).toContain('provider job attempt failed');
    expect(log).toContain('polygon circuit open');
    expect(log).toContain('HTTP 503');
    expect(log).not.toContain(sim.polygonKey);
  }, 40_000);

  it('dropped connections are outages too: retried until they succeed', async () => {
    await sim.control('POST', '/__sim/faults', [{ kind: 'drop-connection', provider: 'polygon', count: 2 }]);
    await runAll(bars(3));
    expect((await sim.control('GET', '/__sim/stats')).sinceReset.calls).toBe(5);
  }, 40_000);

  it('pages reference tickers as one job per page: every ticker exactly once', async () => {
    await polygon.stack.close();
    const tickers: string[] = [];
    const pages: (string | undefined)[] = [];
    const handlers = Object.fromEntries(
      POLYGON_JOB_KINDS.map((kind) => [kind, async () => null]),
    ) as unknown as JobHandlers<PolygonJob>;
    handlers['reference-tickers'] = async (result, _job, context) => {
      tickers.push(
        ...result.items.map((t) => t.symbol),
        ...result.rejected.map((r) => String((r.row as { ticker: unknown }).ticker)),
      );
      pages.push(context.cursor);
      return { tickers: result.items.length };
    };
    polygon = build(sim.polygonKey, handlers, 25);
    await polygon.stack.startWorker();
    await polygon.stack.queue.enqueue({ job: { kind: 'reference-tickers', active: true }, window: '2026-11-25' });
    const universe = await sim.control('GET', '/__sim/universe');
    const expected = universe.tickers - universe.delisted.length;
    await until('every active ticker', () => tickers.length >= expected);
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(tickers).toHaveLength(expected);
    expect(new Set(tickers).size).toBe(expected);
    expect(pages[0]).toBeUndefined();
    expect(pages.length).toBe(Math.ceil(expected / 25));
    expect(new Set(pages).size).toBe(pages.length);
    const stats = await sim.control('GET', '/__sim/stats');
    expect(stats.sinceReset.byEndpoint['polygon.tickers']).toBe(pages.length);
  });

  it("today's data before end of day delays the job: no attempt spent, breaker untouched, no warning; it runs once published", async () => {
    // 10:00 ET on the simulator's today: grouped-daily of today answers 403 "before end of day".
    await sim.control('POST', '/__sim/config', { now: '2026-11-25T15:00:00Z' });
    try {
      await polygon.stack.startWorker();
      const job: PolygonJob = { kind: 'grouped-daily', date: '2026-11-25' };
      const { jobId } = await polygon.stack.queue.enqueue({ job });
      const refusals = async () => (await sim.control('GET', '/__sim/stats')).sinceReset.byStatus['403'] ?? 0;
      // More refusals than the job has attempts (maxRetries 3 + 1): none of them may count.
      await until('five refusals', async () => (await refusals()) >= 5);
      const waiting = await polygon.stack.queue.bullQueue.getJob(jobId);
      expect(['delayed', 'waiting', 'active']).toContain(await waiting?.getState());
      expect(waiting?.attemptsMade).toBe(0);
      expect(waiting?.failedReason ?? null).toBeNull();
      expect(completions.size).toBe(0);

      await sim.control('POST', '/__sim/config', { today: '2026-11-25' });
      await until('the job to complete once published', () => completions.get(jobId) === 1);
      // The handler's result is counted just before BullMQ moves the job to completed.
      await until(
        'BullMQ to record the completion',
        async () => (await polygon.stack.queue.bullQueue.getJobState(jobId)) === 'completed',
      );
      const done = await polygon.stack.queue.bullQueue.getJob(jobId);
      // None of the refusals was counted: the successful run is the only attempt made.
      expect(done?.attemptsMade).toBe(1);
      expect(completions.get(jobId)).toBe(1);
    } finally {
      await sim.control('POST', '/__sim/config', { today: '2026-11-25' });
    }
    expect(circuit).toEqual([]);
    expect(polygon.stack.breaker.circuitState()).toBe('closed');
    const lines = logs.map((line) => JSON.parse(line) as { level: number; msg: string });
    expect(
      lines.filter((line) => line.msg === 'provider data not yet available: job delayed').length,
    ).toBeGreaterThanOrEqual(5);
    // Nothing at warn (40) or above: an expected wait is not an alert.
    expect(lines.filter((line) => line.level >= 40)).toEqual([]);
    expect(logs.join('')).not.toContain(sim.polygonKey);
  });

  it('a refused key fails the job at once, with a scrubbed reason; enqueueing it again retries it', async () => {
    await polygon.stack.close();
    const wrongKey = `pk_wrong_${randomBytes(8).toString('hex')}`;
    polygon = build(wrongKey);
    await polygon.stack.startWorker();
    const job: PolygonJob = { kind: 'grouped-daily', date: '2026-11-24' };
    const { jobId } = await polygon.stack.queue.enqueue({ job });
    await until(
      'the job to fail',
      async () => (await polygon.stack.queue.bullQueue.getJob(jobId))?.finishedOn !== undefined,
    );
    const failed = await polygon.stack.queue.bullQueue.getJob(jobId);
    expect(await failed?.getState()).toBe('failed');
    expect(failed?.attemptsMade).toBe(1);
    expect(failed?.failedReason).toMatch(/^polygon grouped-daily: HTTP 401/);
    expect(JSON.stringify(failed)).not.toContain(wrongKey);
    expect((await polygon.stack.queue.enqueue({ job })).status).toBe('retried');
    expect(logs.join('')).toContain('HTTP 401');
    expect(logs.join('')).not.toContain(wrongKey);
  });

  it('refuses job data that does not parse, without retrying it', async () => {
    await polygon.stack.startWorker();
    await polygon.stack.queue.bullQueue.add(
      'grouped-daily',
      { kind: 'grouped-daily', date: '24.11.2026' },
      { jobId: 'hand-made', attempts: 4 },
    );
    await until(
      'the job to fail',
      async () => (await polygon.stack.queue.bullQueue.getJob('hand-made'))?.finishedOn !== undefined,
    );
    const failed = await polygon.stack.queue.bullQueue.getJob('hand-made');
    expect(failed?.failedReason).toBe('job data refused: date must be a YYYY-MM-DD date, got "24.11.2026"');
    expect(failed?.attemptsMade).toBe(1);
    expect((await sim.control('GET', '/__sim/stats')).sinceReset.calls).toBe(0);
  });

  it('callAndWait returns the handler outcome of the job', async () => {
    await polygon.stack.startWorker();
    const outcome = await polygon.stack.queue.callAndWait({ job: { kind: 'market-holidays' }, window: 'diagnostic' });
    expect(outcome).toEqual({ ok: true });
  });

  it('will not start a worker with a job kind left without a handler', async () => {
    await polygon.stack.close();
    polygon = build(sim.polygonKey, { 'grouped-daily': async () => null });
    await expect(polygon.stack.startWorker()).rejects.toThrow(JobHandlerMismatchError);
    await expect(polygon.stack.startWorker()).rejects.toThrow(
      'polygon-calls has no handler for job kind(s): aggregates-range, reference-tickers, splits, dividends, market-holidays',
    );
  });
});
