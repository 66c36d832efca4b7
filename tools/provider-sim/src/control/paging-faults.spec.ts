import { TestSim, jsonOf, startTestSim } from '../test/sim-harness';

jest.setTimeout(30_000);
const AGGS = '/v2/aggs/ticker/AAPL/range/1/day/2026-11-02/2026-11-13';
const TICKERS = '/v3/reference/tickers?market=stocks&active=true&limit=1000';
const withKey = (url: string) => `${url}&apiKey=sim-polygon-key`;
const cursorOf = (url: string) => new URL(url).searchParams.get('cursor');

describe('paging faults and a 429 without Retry-After', () => {
  let sim: TestSim;
  beforeAll(async () => {
    sim = await startTestSim({ count: 200 });
  });
  afterAll(() => sim.close());
  beforeEach(() => sim.control('/__sim/reset', {}));

  const faults = async (rules: unknown) => expect((await sim.control('/__sim/faults', rules)).status).toBe(200);

  it('repeat: every page of a range points at one cursor, which the endpoint accepts', async () => {
    await faults([{ kind: 'next-url', variant: 'repeat', endpoint: 'polygon.aggs.range' }]);
    const first = await jsonOf(await sim.polygon(AGGS));
    expect(first.results.length).toBeGreaterThan(0);
    expect(first.next_url).toMatch(
      new RegExp(`^${sim.url}/v2/aggs/ticker/AAPL/range/1/day/2026-11-02/2026-11-13\\?cursor=`),
    );
    const second = await jsonOf(await fetch(withKey(first.next_url)));
    expect(second.status).toBe('OK');
    expect(second.results).toEqual(first.results);
    expect(cursorOf(second.next_url)).toBe(cursorOf(first.next_url));
  });

  it('endless: a fresh cursor on every page of a v3 listing', async () => {
    await faults([{ kind: 'next-url', variant: 'endless', endpoint: 'polygon.tickers' }]);
    const seen = new Set<string>();
    let body = await jsonOf(await sim.polygon(TICKERS));
    for (let page = 0; page < 4; page++) {
      expect(body.results.length).toBeGreaterThan(0);
      const cursor = cursorOf(body.next_url) as string;
      expect(seen.has(cursor)).toBe(false);
      seen.add(cursor);
      body = await jsonOf(await fetch(withKey(body.next_url)));
    }
  });

  it('empty-page: no results, yet a next_url', async () => {
    await faults([{ kind: 'next-url', variant: 'empty-page', endpoint: 'polygon.aggs.range', count: 1 }]);
    const body = await jsonOf(await sim.polygon(AGGS));
    expect(body.results).toBeUndefined();
    expect(body.resultsCount).toBe(0);
    expect(body.next_url).toContain('cursor=');
    // The rule was used up: the next call is clean again.
    expect((await jsonOf(await sim.polygon(AGGS))).next_url).toBeUndefined();
  });

  it('refuses a next-url variant that belongs to another fault, naming it', async () => {
    const res = await sim.control('/__sim/faults', [{ kind: 'next-url', variant: 'garbage' }]);
    expect(res.status).toBe(400);
    expect(await res.text()).toContain('rules[0].variant must be one of repeat, endless, empty-page');
  });

  it('answers 429 without a Retry-After header when asked to', async () => {
    await faults([{ kind: 'rate-limit', noRetryAfter: true, count: 1, provider: 'polygon' }]);
    const res = await sim.polygon(AGGS);
    expect(res.status).toBe(429);
    expect(res.headers.get('retry-after')).toBeNull();
    expect((await sim.polygon(AGGS)).status).toBe(200);
  });
});
