import { TestSim, jsonOf, startTestSim } from '../test/sim-harness';

jest.setTimeout(30_000);

describe('Polygon ticker details', () => {
  let sim: TestSim;
  beforeAll(async () => {
    sim = await startTestSim({ count: 200 });
  });
  afterAll(() => sim.close());

  it('answers an active ticker with its record under results', async () => {
    const body = await jsonOf(await sim.polygon('/v3/reference/tickers/AAPL'));
    expect(body.status).toBe('OK');
    expect(body.results).toMatchObject({
      ticker: 'AAPL',
      name: 'Apple Inc.',
      active: true,
      primary_exchange: 'XNAS',
      type: 'CS',
    });
    expect(body.results.delisted_utc).toBeUndefined();
  });

  it('answers a delisted ticker as inactive with delisted_utc, like the listing does', async () => {
    const universe = await jsonOf(await sim.control('/__sim/universe'));
    const [delisted] = universe.delisted as Array<{ ticker: string }>;
    const body = await jsonOf(await sim.polygon(`/v3/reference/tickers/${encodeURIComponent(delisted.ticker)}`));
    expect(body.results).toMatchObject({
      ticker: delisted.ticker,
      active: false,
      delisted_utc: expect.stringMatching(/^\d{4}-\d{2}-\d{2}T00:00:00Z$/),
    });
  });

  it('answers 404 NOT_FOUND for a ticker it does not know', async () => {
    const res = await sim.polygon('/v3/reference/tickers/NOSUCH');
    expect(res.status).toBe(404);
    expect(await jsonOf(res)).toMatchObject({ status: 'NOT_FOUND' });
  });
});
