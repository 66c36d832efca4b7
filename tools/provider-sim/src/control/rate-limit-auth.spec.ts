import { TestSim, jsonOf, startTestSim } from '../test/sim-harness';

jest.setTimeout(30_000);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const AGGS = '/v2/aggs/ticker/AAPL/range/1/day/2026-11-02/2026-11-06';

describe('auth, rate limit and stats', () => {
  let sim: TestSim;
  beforeAll(async () => {
    sim = await startTestSim({
      polygonRate: { limit: 3, windowMs: 1000 },
      polygonKeys: ['sim-polygon-key', 'second-key'],
    });
  });
  afterAll(() => sim.close());
  beforeEach(() => sim.control('/__sim/reset', {}));

  it('answers Polygon 401s for a missing or unknown key and accepts a Bearer header', async () => {
    const missing = await fetch(`${sim.url}${AGGS}`);
    expect(missing.status).toBe(401);
    expect(await jsonOf(missing)).toMatchObject({ status: 'ERROR', error: 'API Key was not provided' });
    const unknown = await fetch(`${sim.url}${AGGS}?apiKey=nope`);
    expect(unknown.status).toBe(401);
    expect(await jsonOf(unknown)).toMatchObject({ status: 'ERROR', error: 'Unknown API Key' });
    const bearer = await fetch(`${sim.url}${AGGS}`, { headers: { Authorization: 'Bearer second-key' } });
    expect(bearer.status).toBe(200);
  });

  it('answers Alpaca 401 without headers and 403 for a wrong secret', async () => {
    const none = await fetch(`${sim.url}/v2/account`);
    expect(none.status).toBe(401);
    expect(await jsonOf(none)).toEqual({ code: 40110000, message: 'request is not authorized' });
    const wrong = await fetch(`${sim.url}/v2/account`, {
      headers: { 'APCA-API-KEY-ID': 'sim-alpaca-key', 'APCA-API-SECRET-KEY': 'wrong' },
    });
    expect(wrong.status).toBe(403);
    expect(await jsonOf(wrong)).toEqual({ code: 40110000, message: 'request is not authorized' });
  });

  it('returns 429 with the fixture body and Retry-After past the limit, per key, and recovers after the window', async () => {
    for (let i = 0; i < 3; i++) expect((await sim.polygon(AGGS)).status).toBe(200);
    const refused = await sim.polygon(AGGS);
    expect(refused.status).toBe(429);
    expect(Number(refused.headers.get('retry-after'))).toBe(1);
    expect(await jsonOf(refused)).toMatchObject({
      status: 'ERROR',
      error:
        "You've exceeded the maximum requests per minute, please wait or upgrade your subscription to continue. https://polygon.io/pricing",
    });
    // Another key has its own window.
    expect((await fetch(`${sim.url}${AGGS}?apiKey=second-key`)).status).toBe(200);
    await sleep(1050);
    expect((await sim.polygon(AGGS)).status).toBe(200);

    const stats = await jsonOf(await sim.control('/__sim/stats'));
    expect(stats.sinceReset).toMatchObject({
      calls: 6,
      rateLimited: 1,
      byEndpoint: { 'polygon.aggs.range': 6 },
      byKey: { 'sim-polygon-key': 5, 'second-key': 1 },
      byStatus: { '200': 5, '429': 1 },
    });
    expect(stats.total.calls).toBeGreaterThanOrEqual(stats.sinceReset.calls);
  });

  it('is a sliding window: a refused call does not extend it, and the window slides call by call', async () => {
    const t0 = Date.now();
    for (let i = 0; i < 3; i++) {
      expect((await sim.polygon(AGGS)).status).toBe(200);
      await sleep(300);
    }
    expect((await sim.polygon(AGGS)).status).toBe(429);
    await sleep(Math.max(0, t0 + 1050 - Date.now()));
    // Only the first call has left the window.
    expect((await sim.polygon(AGGS)).status).toBe(200);
    expect((await sim.polygon(AGGS)).status).toBe(429);
  });

  it('takes rate limits from POST /__sim/config, per provider and per key, and validates them', async () => {
    const cfg = await jsonOf(
      await sim.control('/__sim/config', { rateLimit: { keys: { 'second-key': { limit: 1, windowMs: 60_000 } } } }),
    );
    expect(cfg.rateLimit.keys['second-key']).toEqual({ limit: 1, windowMs: 60_000 });
    expect((await fetch(`${sim.url}${AGGS}?apiKey=second-key`)).status).toBe(200);
    const refused = await fetch(`${sim.url}${AGGS}?apiKey=second-key`);
    expect(refused.status).toBe(429);
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThanOrEqual(59);
    for (const bad of [
      { rateLimit: { polygon: { limit: -1, windowMs: 10 } } },
      { rateLimit: { alpaca: { limit: 1 } } },
      { rateLimit: { bogus: {} } },
      { today: 'tomorrow' },
      { today: '2031-01-02' },
      { speed: 2 },
    ]) {
      const res = await sim.control('/__sim/config', bad);
      expect({ bad, status: res.status }).toEqual({ bad, status: 400 });
    }
  });

  it('sends X-RateLimit headers on Alpaca and a 429 with Retry-After when exhausted', async () => {
    await sim.control('/__sim/config', { rateLimit: { alpaca: { limit: 2, windowMs: 1000 } } });
    const first = await sim.alpaca('/v2/clock');
    expect(first.headers.get('x-ratelimit-limit')).toBe('2');
    expect(first.headers.get('x-ratelimit-remaining')).toBe('1');
    expect(Number(first.headers.get('x-ratelimit-reset'))).toBeGreaterThanOrEqual(Math.floor(Date.now() / 1000));
    await sim.alpaca('/v2/clock');
    const refused = await sim.alpaca('/v2/clock');
    expect(refused.status).toBe(429);
    expect(refused.headers.get('x-ratelimit-remaining')).toBe('0');
    expect(refused.headers.get('retry-after')).toBe('1');
    expect(await jsonOf(refused)).toEqual({ code: 42910000, message: 'rate limit exceeded' });
    await sim.control('/__sim/config', { rateLimit: { alpaca: { limit: 0, windowMs: 1000 } } });
  });

  it("Alpaca's JSON 5xx answers carry the X-RateLimit headers without using up the window; a gateway's HTML page none", async () => {
    await sim.control('/__sim/reset', {});
    await sim.control('/__sim/config', { rateLimit: { alpaca: { limit: 5, windowMs: 60_000 } } });
    try {
      await sim.alpaca('/v2/clock');
      await sim.control('/__sim/faults', [
        { kind: 'http-error', provider: 'alpaca', status: 503, body: 'json', count: 2 },
      ]);
      for (let i = 0; i < 2; i++) {
        const failed = await sim.alpaca('/v2/clock');
        expect(failed.status).toBe(503);
        expect([failed.headers.get('x-ratelimit-limit'), failed.headers.get('x-ratelimit-remaining')]).toEqual([
          '5',
          '4',
        ]);
        expect(Number(failed.headers.get('x-ratelimit-reset'))).toBeGreaterThanOrEqual(Math.floor(Date.now() / 1000));
      }
      await sim.control('/__sim/faults', [
        { kind: 'http-error', provider: 'alpaca', status: 502, body: 'html', count: 1 },
      ]);
      const html = await sim.alpaca('/v2/clock');
      expect(html.status).toBe(502);
      expect(html.headers.get('x-ratelimit-remaining')).toBeNull();
      expect((await sim.alpaca('/v2/clock')).headers.get('x-ratelimit-remaining')).toBe('3');
    } finally {
      await sim.control('/__sim/reset', {});
      await sim.control('/__sim/config', { rateLimit: { alpaca: { limit: 0, windowMs: 1000 } } });
    }
  });

  it('reset clears counters since reset but keeps the totals', async () => {
    await sim.polygon(AGGS);
    const before = await jsonOf(await sim.control('/__sim/stats'));
    await sim.control('/__sim/reset', {});
    const after = await jsonOf(await sim.control('/__sim/stats'));
    expect(after.sinceReset.calls).toBe(0);
    expect(after.total.calls).toBe(before.total.calls);
  });

  it('answers 404 for unknown paths and control routes', async () => {
    expect((await sim.polygon('/v2/snapshot/locale/us/markets/stocks/tickers')).status).toBe(404);
    expect((await sim.control('/__sim/nothing')).status).toBe(404);
    expect((await fetch(`${sim.url}/__sim/config`, { method: 'POST', body: '{not json' })).status).toBe(400);
  });
});
