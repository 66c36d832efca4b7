import { useServiceWithSimulator } from '@mdi/testing';
import { DataSource } from 'typeorm';
import { serviceDefinition } from '../app/service-definition';

const KEY = { keyId: 'alpaca-contract-key-41a7', secret: 'alpaca-contract-secret-52b8' };

/**
 * Hostile input against every route of the real app over real HTTP and real
 * PostgreSQL: each bad query is a 400 in the one error shape naming the
 * parameter; a write (this service has none) changes nothing.
 */
describe('alpaca-monitor input contracts (real app, real PostgreSQL)', () => {
  const { harness } = useServiceWithSimulator(serviceDefinition, { symbols: 100, alpacaKeys: [KEY] }, ({ url }) => ({
    ALPACA_API_KEY: KEY.keyId,
    ALPACA_SECRET_KEY: KEY.secret,
    ALPACA_BASE_URL: url,
    ENABLE_REALTIME_TRADING: 'false',
    LOG_LEVEL: 'silent',
  }));

  async function send(method: string, path: string, init: { body?: string; contentType?: string } = {}) {
    const headers: Record<string, string> = init.contentType ? { 'content-type': init.contentType } : {};
    const response = await fetch(`${harness.baseUrl}${path}`, { method, headers, body: init.body });
    const text = await response.text();
    return { status: response.status, text, body: JSON.parse(text) };
  }

  async function storedRows(): Promise<number> {
    const [row] = await harness.app
      .get(DataSource)
      .query(
        `SELECT (SELECT count(*) FROM data_ingestion.orders) + (SELECT count(*) FROM data_ingestion.fills) + (SELECT count(*) FROM data_ingestion.account_snapshots) AS n`,
      );
    return Number(row.n);
  }

  it.each([
    [
      'GET /account with a parameter',
      '/account?since=2026-11-25T10:00:00Z',
      'unknown query parameter "since"; this endpoint takes none',
    ],
    [
      'GET /positions with a parameter',
      '/positions?symbol=AAPL&symbol=MSFT',
      'unknown query parameter "symbol"; this endpoint takes none',
    ],
    [
      'GET /account/history with `since` twice',
      '/account/history?since=2026-11-25T10:00:00Z&since=2026-11-26T10:00:00Z',
      'since must be given once',
    ],
    [
      'GET /account/history with a text `limit`',
      '/account/history?limit=all',
      'limit must be a whole number from 1 to 10000, got "all"',
    ],
    [
      'GET /account/history with an unknown parameter',
      '/account/history?until=2026-11-25T10:00:00Z',
      'unknown query parameter "until"; allowed: since, limit',
    ],
    ['GET /orders with `status` twice', '/orders?status=open&status=closed', 'status must be given once'],
    ['GET /orders with `limit` twice', '/orders?limit=1&limit=2', 'limit must be given once'],
    [
      'GET /orders with a fractional `limit`',
      '/orders?limit=1.5',
      'limit must be a whole number from 1 to 5000, got "1.5"',
    ],
    [
      'GET /orders with an unknown parameter',
      '/orders?symbol=AAPL',
      'unknown query parameter "symbol"; allowed: status, limit',
    ],
    ['GET /orders/history without `order_id`', '/orders/history', 'order_id is required'],
    [
      'GET /orders/history with `order_id` twice',
      '/orders/history?order_id=a&order_id=b',
      'order_id must be given once',
    ],
    [
      'GET /orders/history with a malformed `order_id`',
      '/orders/history?order_id=%3Cscript%3E',
      'order_id must be an order id, got "<script>"',
    ],
    [
      'GET /orders/history with an unknown parameter',
      '/orders/history?order_id=abc&limit=1',
      'unknown query parameter "limit"; allowed: order_id',
    ],
    ['GET /fills with `order_id` twice', '/fills?order_id=a&order_id=b', 'order_id must be given once'],
    [
      'GET /fills with a year-9999 instant that is not RFC 3339',
      '/fills?since=9999-99-99T00:00:00Z',
      'since "9999-99-99T00:00:00Z" is not a valid RFC 3339 timestamp (e.g. 2026-11-25T14:30:00Z)',
    ],
    [
      'GET /fills with an unknown parameter',
      '/fills?symbol=AAPL',
      'unknown query parameter "symbol"; allowed: since, order_id, limit',
    ],
  ])('refuses %s with 400 naming it', async (_what, path, reason) => {
    const answer = await send('GET', path);
    expect(answer.status).toBe(400);
    expect(answer.body).toMatchObject({ statusCode: 400, error: 'Bad Request', reasons: [reason] });
    expect(answer.text).not.toMatch(/\n\s+at |\.ts:\d+/);
  });

  it('gives every reason of one request at once', async () => {
    const answer = await send('GET', '/fills?since=soon&limit=0&limit=1&colour=red');
    expect(answer.body).toEqual({
      statusCode: 400,
      error: 'Bad Request',
      message: expect.stringMatching(/^3 problems: /),
      reasons: [
        'since "soon" is not a valid RFC 3339 timestamp (e.g. 2026-11-25T14:30:00Z)',
        'limit must be given once',
        'unknown query parameter "colour"; allowed: since, order_id, limit',
      ],
    });
  });

  it.each([
    ['a JSON body', { body: '{"symbol":"AAPL"}', contentType: 'application/json' }],
    ['a text/plain body', { body: 'AAPL', contentType: 'text/plain' }],
  ])('refuses a write with %s (this service takes none) and stores nothing', async (_what, init) => {
    const before = await storedRows();
    const answer = await send('POST', '/orders', init);
    expect([403, 404]).toContain(answer.status);
    expect(answer.body).toMatchObject({
      statusCode: answer.status,
      error: expect.any(String),
      message: expect.any(String),
    });
    expect(await storedRows()).toBe(before);
  });

  it('still answers valid queries', async () => {
    expect((await send('GET', '/orders?status=open&limit=5')).status).toBe(200);
    expect((await send('GET', '/fills?since=2026-11-25T10:00:00Z&order_id=abc-1&limit=10')).status).toBe(200);
    expect((await send('GET', '/account/history?limit=3')).status).toBe(200);
  });
});
