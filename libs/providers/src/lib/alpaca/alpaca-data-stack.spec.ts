import { ALPACA_JOB_KINDS, stockBarsJob, type AlpacaJob } from '@mdi/domain';
import { randomBytes } from 'node:crypto';
import { startSimulatorProcess, type SimulatorProcess } from '../../test-support/simulator-process';
import type { JobContext, JobHandlers } from '../queue/job-results';
import { createAlpacaDataStack, type AlpacaDataStack } from './alpaca-data-stack';
import { createAlpacaStack, type AlpacaStack } from './alpaca-stack';
import { medianGapMs } from '../../test-support/arrival-gaps';

const REDIS_URL = process.env['TEST_REDIS_URL'] ?? 'redis://127.0.0.1:6379';
const LIMIT = 5;
const WINDOW_MS = 1000;

async function until(what: string, probe: () => boolean, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!probe()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/**
 * The market-data queue of the ingestor and the trading queue of the monitor
 * spend one Alpaca key: every bars call takes its slot from the alpaca-calls
 * limiter, so together they keep one spacing. Paging goes through the same
 * guard as Polygon's listings.
 */
describe('Alpaca market data on its queue, inside the alpaca-calls budget', () => {
  let sim: SimulatorProcess;
  let data: AlpacaDataStack;
  let trading: AlpacaStack;
  let pages: { context: JobContext; nextCursor: string | null; bars: number }[];
  let tradingCalls: number;

  beforeAll(async () => {
    // One call more than our budget in a sliding window: a 429 means the two queues overspent together.
    sim = await startSimulatorProcess({ alpacaRateLimit: LIMIT + 1, rateWindowMs: WINDOW_MS });
  });
  afterAll(() => sim?.close());

  beforeEach(async () => {
    await sim.control('POST', '/__sim/reset', {});
    pages = [];
    tradingCalls = 0;
    const common = {
      redisUrl: REDIS_URL,
      prefix: `mdi-test-alpaca-data-${randomBytes(4).toString('hex')}`,
      rateLimit: LIMIT,
      rateWindowMs: WINDOW_MS,
      maxRetries: 1,
      retryBaseDelayMs: 50,
      keyId: sim.alpacaKeyId,
      secret: sim.alpacaSecret,
    };
    data = createAlpacaDataStack({ ...common, dataBaseUrl: sim.url, maxPagesPerListing: 4 });
    data.stack.handlers.registerAll({
      'stock-bars': async (result, _job, context) => {
        pages.push({ context, nextCursor: result.nextCursor, bars: result.items.length });
        return { bars: result.items.length };
      },
    });
    trading = createAlpacaStack({ ...common, baseUrl: sim.url });
    const count = async () => {
      tradingCalls++;
      return {};
    };
    trading.stack.handlers.registerAll(
      Object.fromEntries(ALPACA_JOB_KINDS.map((kind) => [kind, count])) as unknown as JobHandlers<AlpacaJob>,
    );
  });

  afterEach(async () => {
    for (const stack of [data.stack, trading.stack]) {
      await stack.queue.bullQueue.obliterate({ force: true });
      await stack.close();
    }
  });

  it('both queues together make one call per window/N: no 429 from a provider that allows one more', async () => {
    await Promise.all([data.stack.startWorker(), trading.stack.startWorker()]);
    const started = Date.now();
    for (let i = 0; i < LIMIT; i++) {
      await data.stack.queue.enqueue({
        job: stockBarsJob(['AAPL'], `2026-10-${String(i + 1).padStart(2, '0')}`, '2026-11-20'),
      });
      await trading.stack.queue.enqueue({ job: { kind: 'clock' }, window: `t${i}` });
    }
    await until('every job', () => pages.length === LIMIT && tradingCalls === LIMIT);
    const elapsed = Date.now() - started;
    const stats = await sim.control('GET', '/__sim/stats');
    expect(stats.sinceReset.byEndpoint).toEqual({ 'alpaca.bars': LIMIT, 'alpaca.clock': LIMIT });
    expect(stats.sinceReset.rateLimited).toBe(0);
    // 10 calls at 5 a second, shared: one call per fixed 200 ms window (spacedLimiter), so the first and the last
    // lie 9 windows apart and at least the 8 full windows between them (calls at the edges of two neighbouring
    // windows may be close); each queue alone would have made its 5 calls in 0.8 s.
    expect(elapsed).toBeGreaterThanOrEqual((2 * LIMIT - 2) * (WINDOW_MS / LIMIT));
    expect(medianGapMs(stats.sinceReset.arrivalsMs)).toBeGreaterThanOrEqual((WINDOW_MS / LIMIT) * 0.8);
  }, 30_000);

  it('follows page tokens as follow-up jobs, and stops a token that repeats a page with the reason', async () => {
    const tickers = (await (
      await fetch(`${sim.url}/v3/reference/tickers?limit=25&apiKey=${sim.polygonKey}`)
    ).json()) as {
      results: { ticker: string }[];
    };
    const symbols = (tickers.results as { ticker: string }[]).map((t) => t.ticker);
    await data.stack.startWorker();
    // 25 symbols x 2 years is about 12,500 bars: two pages of at most 10,000.
    await data.stack.queue.enqueue({ job: stockBarsJob(symbols, '2024-11-26', '2026-11-25') });
    await until('the last page', () => pages.some((p) => p.nextCursor === null));
    expect(pages.map((p) => p.bars)).toEqual([10_000, expect.any(Number)]);
    expect(pages[1].bars).toBeGreaterThan(2000);
    expect(pages[1].context.cursor).toEqual(pages[0].nextCursor);

    pages = [];
    await sim.control('POST', '/__sim/faults', [{ kind: 'next-url', variant: 'repeat', endpoint: 'alpaca.bars' }]);
    await data.stack.queue.enqueue({ job: stockBarsJob(['AAPL', 'MSFT', 'NVDA'], '2025-11-26', '2026-11-25') });
    await until('the stopped page', () => pages.some((p) => p.context.pagingStopped !== undefined));
    expect(pages).toHaveLength(2);
    expect(pages[1]).toMatchObject({
      nextCursor: null,
      context: { pagingStopped: expect.stringContaining('repeats page'), cursor: expect.any(String) },
    });
  }, 30_000);
});
