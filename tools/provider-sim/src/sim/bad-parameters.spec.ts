import { jsonOf, startTestSim, type TestSim } from '../test/sim-harness';

jest.setTimeout(30_000);

/** How each vendor refuses a request with a bad parameter. */
const REFUSAL = {
  polygon: { status: 400, body: { status: 'ERROR', error: expect.any(String) } },
  alpaca: { status: 422, body: { code: 42210000, message: expect.any(String) } },
};

/** Requests each with one parameter the vendor refuses (a bad date, number, enum, cursor or combination). */
const BAD_REQUESTS: Array<[keyof typeof REFUSAL, string]> = [
  ['polygon', '/v2/aggs/ticker/AAPL/range/1/day/2026-13-01/2026-11-20'],
  ['polygon', '/v2/aggs/ticker/AAPL/range/1/day/yesterday/2026-11-20'],
  ['polygon', '/v2/aggs/ticker/AAPL/range/1/day/2026-11-01/2026-11-20?adjusted=maybe'],
  ['polygon', '/v2/aggs/ticker/AAPL/range/1/day/2026-11-01/2026-11-20?sort=up'],
  ['polygon', '/v2/aggs/ticker/AAPL/range/1/day/2026-11-01/2026-11-20?limit=0'],
  ['polygon', '/v2/aggs/ticker/AAPL/range/1/day/2026-11-01/2026-11-20?cursor=%%%'],
  ['polygon', '/v2/aggs/ticker/AAPL/range/5/minute/2026-11-01/2026-11-20'],
  ['polygon', '/v2/aggs/grouped/locale/us/market/stocks/2026-02-30'],
  ['polygon', '/v3/reference/tickers?active=yes'],
  ['polygon', '/v3/reference/tickers?limit=-1'],
  ['polygon', '/v3/reference/tickers?order=sideways'],
  ['polygon', '/v3/reference/tickers?sort=market_cap'],
  ['polygon', '/v3/reference/tickers?cursor=bm90LWpzb24'],
  ['polygon', '/v3/reference/splits?execution_date.gte=20260101'],
  ['polygon', '/v3/reference/dividends?ex_dividend_date.lte=soon'],
  ['polygon', '/v3/reference/dividends?cash_amount.gt=lots'],
  ['alpaca', '/v2/orders?status=pending'],
  ['alpaca', '/v2/orders?limit=abc'],
  ['alpaca', '/v2/orders?after=yesterday'],
  ['alpaca', '/v2/orders?direction=up'],
  ['alpaca', '/v2/account/activities?page_token=42'],
  ['alpaca', '/v2/account/activities?date=2026-11-02&after=2026-11-01'],
  ['alpaca', '/v2/account/activities?activity_types=BOGUS'],
  ['alpaca', '/v2/account/activities?page_size=0'],
  ['alpaca', '/v2/calendar?start=07/01/2024'],
  ['alpaca', '/v2/calendar?date_type=MAYBE'],
];

describe('bad parameters', () => {
  let sim: TestSim;
  beforeAll(async () => {
    sim = await startTestSim();
  });
  afterAll(() => sim.close());

  it.each(BAD_REQUESTS)('%s refuses %s the way the vendor does', async (api, path) => {
    const res = await (api === 'polygon' ? sim.polygon(path) : sim.alpaca(path));
    const { status, body } = REFUSAL[api];
    expect({ status: res.status, body: await jsonOf(res) }).toEqual({ status, body: expect.objectContaining(body) });
  });
});
