import { POLYGON_JOBS, POLYGON_JOB_KINDS, type PolygonJob } from '@mdi/domain';
import { randomBytes } from 'node:crypto';
import { startSimulatorProcess, type SimulatorProcess } from '../../test-support/simulator-process';
import { createPolygonStack, type PolygonStack } from '../polygon/polygon-stack';
import { RetryLaterError, type FinalFailure, type JobContext, type JobHandlers } from './job-results';
import { callJobId } from './provider-call';

const REDIS_URL = process.env['TEST_REDIS_URL'] ?? 'redis://127.0.0.1:6379';
const RATE_WINDOW_MS = 700;

async function until(what: string, probe: () => boolean | Promise<boolean>, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await probe())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

const range: PolygonJob = {
  kind: 'aggregates-range',
  symbol: 'AAPL',
  from: '2026-11-02',
  to: '2026-11-13',
  adjusted: false,
};

/**
 * Every listing ends and every job ends with a verdict its owner hears:
 * looping or endless paging is stopped with the reason in the handler's
 * context, a job that fails for good reaches the final-failure listeners,
 * a handler can send its job back for later without spending an attempt,
 * and a 429 without Retry-After pauses the queue for the rate window.
 */
describe('listings that never end, final failures, retry-later and 429 pauses', () => {
  let sim: SimulatorProcess;
  let polygon: PolygonStack;
  let pages: { context: JobContext; nextCursor: string | null }[];
  let failures: { job: PolygonJob; failure: FinalFailure }[];
  let retryLaterTimes: number;

  const build = (apiKey: string, maxPagesPerListing = 4) => {
    const stack = createPolygonStack({
      apiKey,
      baseUrl: sim.url,
      redisUrl: REDIS_URL,
      prefix: `mdi-test-listings-${randomBytes(4).toString('hex')}`,
      rateLimit: 50,
      rateWindowMs: RATE_WINDOW_MS,
      maxRetries: 1,
      retryBaseDelayMs: 50,
      maxPagesPerListing,
    });
    const record = async (result: { nextCursor?: string | null }, _job: unknown, context: JobContext) => {
      pages.push({ context, nextCursor: result.nextCursor ?? null });
      if (context.jobId.startsWith('market-holidays') && retryLaterTimes > 0) {
        retryLaterTimes--;
        throw new RetryLaterError(150, 'not there yet');
      }
      return { ok: true };
    };
    stack.stack.handlers.registerAll(
      Object.fromEntries(POLYGON_JOB_KINDS.map((kind) => [kind, record])) as unknown as JobHandlers<PolygonJob>,
    );
    stack.stack.handlers.onFinalFailure(async (job, failure) => void failures.push({ job, failure }));
    return stack;
  };

  beforeAll(async () => {
    sim = await startSimulatorProcess();
  });
  afterAll(() => sim?.close());

  beforeEach(async () => {
    await sim.control('POST', '/__sim/reset', {});
    pages = [];
    failures = [];
    retryLaterTimes = 0;
    polygon = build(sim.polygonKey);
  });

  afterEach(async () => {
    await polygon.stack.queue.bullQueue.obliterate({ force: true });
    await polygon.stack.close();
  });

  it('a next_url that repeats a page stops the listing on that page, with the reason, after two calls', async () => {
    await sim.control('POST', '/__sim/faults', [
      { kind: 'next-url', variant: 'repeat', endpoint: 'polygon.aggs.range' },
    ]);
    await polygon.stack.startWorker();
    await polygon.stack.queue.enqueue({ job: range });
    await until('the stopped page', () => pages.some((p) => p.context.pagingStopped !== undefined));
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(pages).toHaveLength(2);
    expect(pages[0].context.pagingStopped).toBeUndefined();
    expect(pages[0].nextCursor).not.toBeNull();
    expect(pages[1]).toMatchObject({
      nextCursor: null,
      context: { pagingStopped: 'next_url of page 2 repeats page 2', cursor: expect.any(String) },
    });
    expect((await sim.control('GET', '/__sim/stats')).sinceReset.calls).toBe(2);
  });

  it('an endless next_url stops at the page limit', async () => {
    await sim.control('POST', '/__sim/faults', [{ kind: 'next-url', variant: 'endless', endpoint: 'polygon.tickers' }]);
    await polygon.stack.startWorker();
    await polygon.stack.queue.enqueue({ job: { kind: 'reference-tickers', active: true } });
    await until('the stopped page', () => pages.some((p) => p.context.pagingStopped !== undefined));
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(pages.map((p) => p.context.pagingStopped ?? null)).toEqual([
      null,
      null,
      null,
      'the listing went past 4 pages',
    ]);
    expect((await sim.control('GET', '/__sim/stats')).sinceReset.calls).toBe(4);
  });

  it('a job that fails for good reaches the final-failure listener once, with its reason', async () => {
    await polygon.stack.close();
    polygon = build('pk_not-a-key');
    await polygon.stack.startWorker();
    await polygon.stack.queue.enqueue({ job: range });
    await until('the final failure', () => failures.length > 0);
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(failures).toEqual([
      {
        job: range,
        failure: {
          jobId: callJobId({ job: range }, POLYGON_JOBS),
          reason: expect.stringContaining('HTTP 401'),
          attempts: 1,
        },
      },
    ]);
    expect(pages).toEqual([]);
  });

  it('a handler that answers RetryLaterError gets the job again later, without an attempt spent', async () => {
    retryLaterTimes = 2;
    await polygon.stack.startWorker();
    const started = Date.now();
    await polygon.stack.queue.enqueue({ job: { kind: 'market-holidays' } });
    await until('the third run', () => pages.length === 3);
    expect(Date.now() - started).toBeGreaterThanOrEqual(300);
    expect(pages.map((p) => p.context.starts)).toEqual([1, 2, 3]);
    expect(pages.map((p) => p.context.attempt)).toEqual([1, 1, 1]);
    await until(
      'completion',
      async () => (await polygon.stack.queue.bullQueue.getJob('market-holidays'))?.finishedOn !== undefined,
    );
    expect(failures).toEqual([]);
  });

  it('a 429 without Retry-After pauses the queue for the rate window, and says why while it lasts', async () => {
    await sim.control('POST', '/__sim/faults', [
      { kind: 'rate-limit', noRetryAfter: true, provider: 'polygon', count: 1 },
    ]);
    await polygon.stack.startWorker();
    const started = Date.now();
    await polygon.stack.queue.enqueue({ job: range });
    await until('the pause', async () => (await polygon.stack.queue.currentPause()) !== null);
    const pause = await polygon.stack.queue.currentPause();
    expect(pause?.reason).toBe('polygon answered 429 (rate limited)');
    expect(pause?.resumesInMs).toBeLessThanOrEqual(RATE_WINDOW_MS);
    await until('the page', () => pages.length === 1);
    expect(Date.now() - started).toBeGreaterThanOrEqual(RATE_WINDOW_MS - 50);
    expect(await polygon.stack.queue.currentPause()).toBeNull();
  });
});
