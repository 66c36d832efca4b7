import { TestSim, jsonOf, startTestSim } from '../test/sim-harness';

jest.setTimeout(30_000);
const AGGS = '/v2/aggs/ticker/AAPL/range/1/day/2026-11-02/2026-11-13';
const GROUPED = '/v2/aggs/grouped/locale/us/market/stocks/2026-11-24';

describe('fault injection', () => {
  let sim: TestSim;
  let clean: { results: Array<Record<string, number>> };
  beforeAll(async () => {
    sim = await startTestSim();
    clean = await jsonOf(await sim.polygon(AGGS));
  });
  afterAll(() => sim.close());
  beforeEach(() => sim.control('/__sim/reset', {}));

  const faults = async (rules: unknown) => {
    const res = await sim.control('/__sim/faults', rules);
    expect(res.status).toBe(200);
  };

  // The latency is long enough that an undelayed call stays far below it even on a loaded test run.
  it('adds latency to matching calls only', async () => {
    await faults([{ kind: 'latency', latencyMs: 1500, endpoint: 'polygon.aggs.range', count: 1 }]);
    let t = Date.now();
    await sim.polygon('/v1/marketstatus/now');
    expect(Date.now() - t).toBeLessThan(1000);
    t = Date.now();
    expect((await sim.polygon(AGGS)).status).toBe(200);
    expect(Date.now() - t).toBeGreaterThanOrEqual(1490);
  });

  it('answers a 5xx burst of N, alternating HTML and JSON bodies, then recovers', async () => {
    await faults([{ kind: 'http-error', status: 502, count: 3, provider: 'polygon' }]);
    const bodies: string[] = [];
    for (let i = 0; i < 3; i++) {
      const res = await sim.polygon(AGGS);
      expect(res.status).toBe(502);
      bodies.push(`${res.headers.get('content-type')} ${await res.text()}`);
    }
    expect(bodies[0]).toMatch(/^text\/html <html>/);
    expect(bodies[1]).toMatch(/^application\/json.*"status":"ERROR"/);
    expect(bodies[2]).toMatch(/^text\/html/);
    expect((await sim.polygon(AGGS)).status).toBe(200);
    const stats = await jsonOf(await sim.control('/__sim/stats'));
    expect(stats.sinceReset.faults).toEqual({ 'http-error': 3 });
  });

  it('drops the connection without an answer', async () => {
    await faults([{ kind: 'drop-connection', endpoint: 'polygon.aggs.grouped', count: 1 }]);
    await expect(sim.polygon(GROUPED)).rejects.toThrow();
    expect((await sim.polygon(GROUPED)).status).toBe(200);
  });

  it('answers a 429 storm with Retry-After for Alpaca and Polygon', async () => {
    await faults([{ kind: 'rate-limit', count: 2, retryAfterSeconds: 7 }]);
    const p = await sim.polygon(AGGS);
    expect(p.status).toBe(429);
    expect(p.headers.get('retry-after')).toBe('7');
    const a = await sim.alpaca('/v2/account');
    expect(a.status).toBe(429);
    expect(a.headers.get('x-ratelimit-remaining')).toBe('0');
    expect((await sim.polygon(AGGS)).status).toBe(200);
    expect((await jsonOf(await sim.control('/__sim/stats'))).sinceReset.rateLimited).toBe(2);
  });

  it('breaks OHLC invariants in a malformed row, or sends a number as a string', async () => {
    await faults([{ kind: 'malformed-rows', endpoint: 'polygon.aggs.range', count: 1, rows: 2 }]);
    const body = await jsonOf(await sim.polygon(AGGS));
    expect(body.results.filter((b: { h: number; l: number }) => b.h < b.l)).toHaveLength(2);
    await faults([{ kind: 'malformed-rows', variant: 'wrong-type', field: 'c', count: 1 }]);
    const typed = await jsonOf(await sim.polygon(AGGS));
    expect(typed.results.filter((b: { c: unknown }) => typeof b.c === 'string')).toHaveLength(1);
  });

  it('sends non-finite numbers: a literal 1e999 or the string "NaN"', async () => {
    await faults([{ kind: 'non-finite', field: 'o', count: 1 }]);
    const res = await sim.polygon(AGGS);
    const text = await res.text();
    expect(text).toContain('"o":1e999');
    expect(JSON.parse(text).results.filter((b: { o: number }) => b.o === Infinity)).toHaveLength(1);
    await faults([{ kind: 'non-finite', value: 'NaN', endpoint: 'alpaca.activities', field: 'price', count: 1 }]);
    const fills = await jsonOf(await sim.alpaca('/v2/account/activities?activity_types=FILL'));
    expect(fills.filter((f: { price: string }) => f.price === 'NaN')).toHaveLength(1);
  });

  it('removes fields from rows', async () => {
    await faults([{ kind: 'missing-fields', field: 'v', rows: 3, count: 1 }]);
    const body = await jsonOf(await sim.polygon(AGGS));
    expect(body.results.filter((b: object) => !('v' in b))).toHaveLength(3);
  });

  it('duplicates rows and shuffles them out of order (counts follow the rows)', async () => {
    await faults([{ kind: 'duplicate-rows', rows: 2, count: 1 }]);
    const dup = await jsonOf(await sim.polygon(AGGS));
    expect(dup.results).toHaveLength(clean.results.length + 2);
    expect(dup.resultsCount).toBe(dup.results.length);
    expect(new Set(dup.results.map((b: { t: number }) => b.t)).size).toBe(clean.results.length);

    await faults([{ kind: 'out-of-order', count: 1 }]);
    const shuffled = await jsonOf(await sim.polygon(AGGS));
    const ts = shuffled.results.map((b: { t: number }) => b.t);
    expect(ts).not.toEqual([...ts].sort((a, b) => a - b));
    expect([...shuffled.results].sort((a: { t: number }, b: { t: number }) => a.t - b.t)).toEqual(clean.results);
  });

  it('empties one ticker: its range answer and its row in grouped daily', async () => {
    await faults([{ kind: 'empty-result', ticker: 'AAPL' }]);
    const range = await jsonOf(await sim.polygon(AGGS));
    expect(range.resultsCount).toBe(0);
    expect(range).not.toHaveProperty('results');
    expect(
      (await jsonOf(await sim.polygon('/v2/aggs/ticker/MSFT/range/1/day/2026-11-02/2026-11-13'))).resultsCount,
    ).toBe(clean.results.length);
    const grouped = await jsonOf(await sim.polygon(GROUPED));
    expect(grouped.results.map((r: { T: string }) => r.T)).not.toContain('AAPL');
    expect(grouped.results.map((r: { T: string }) => r.T)).toContain('MSFT');
    expect(grouped.resultsCount).toBe(grouped.results.length);
  });

  it('applies a probability rule to some calls only, reproducibly after a reset', async () => {
    const run = async () => {
      await sim.control('/__sim/reset', {});
      await faults([{ kind: 'http-error', status: 503, probability: 0.5, body: 'json' }]);
      const codes: number[] = [];
      for (let i = 0; i < 20; i++) codes.push((await sim.polygon('/v1/marketstatus/now')).status);
      return codes;
    };
    const first = await run();
    expect(first).toContain(503);
    expect(first).toContain(200);
    expect(await run()).toEqual(first);
  });

  it('lists, clears and validates rules', async () => {
    await faults({ rules: [{ kind: 'latency', latencyMs: 1, count: 5 }] });
    expect((await jsonOf(await sim.control('/__sim/faults'))).rules).toHaveLength(1);
    expect((await jsonOf(await fetch(`${sim.url}/__sim/faults`, { method: 'DELETE' }))).rules).toEqual([]);
    for (const bad of [
      {},
      [{ kind: 'meteor' }],
      [{ kind: 'latency', count: 0 }],
      [{ kind: 'latency', probability: 2 }],
      [{ kind: 'http-error', status: 200 }],
      [{ kind: 'latency', colour: 'red' }],
      [{ kind: 'non-finite', value: 'big' }],
    ]) {
      const res = await sim.control('/__sim/faults', bad);
      expect({ bad, status: res.status }).toEqual({ bad, status: 400 });
    }
  });
});
