import { removeRedisKeys, startServiceHarness, type ServiceHarness } from '@mdi/testing';
import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { serviceDefinition } from './service-definition';

const ADMIN_TOKEN = 'gateway-admin-token-for-the-contract-spec';

interface StandIn {
  readonly url: string;
  /** Method and path with query of every request the gateway forwarded. */
  readonly received: string[];
  close(): Promise<void>;
}

/** A service stand-in that answers 200 {} to everything and records what reached it. */
async function startStandIn(): Promise<StandIn> {
  const received: string[] = [];
  const server: Server = createServer((req: IncomingMessage, res: ServerResponse) => {
    received.push(`${req.method} ${req.url}`);
    req.resume();
    res.setHeader('content-type', 'application/json');
    res.end('{}');
  });
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    received,
    close: () => new Promise<void>((done) => (server.closeAllConnections(), server.close(() => done()))),
  };
}

/**
 * Hostile input against the gateway's own routes over real HTTP: each bad
 * input is a 400 in the one error shape naming the field, and nothing reaches
 * the owning service (the gateway stores nothing itself; a forwarded request
 * is its only effect).
 */
describe('gateway input contracts (real app, stand-in services)', () => {
  let ingestor: StandIn;
  let quality: StandIn;
  let gateway: ServiceHarness;
  const authPrefix = `gw-contract-auth-${randomBytes(4).toString('hex')}`;

  beforeAll(async () => {
    ingestor = await startStandIn();
    quality = await startStandIn();
    gateway = await startServiceHarness(serviceDefinition, {
      POLYGON_INGESTOR_URL: ingestor.url,
      QUALITY_SERVICE_URL: quality.url,
      ALPACA_MONITOR_URL: 'http://127.0.0.1:9',
      GATEWAY_ADMIN_TOKEN: ADMIN_TOKEN,
      ADMIN_AUTH_KEY_PREFIX: authPrefix,
      GATEWAY_STATUS_CACHE_MS: '0',
      LOG_LEVEL: 'silent',
    });
  }, 60_000);

  afterAll(async () => {
    await gateway?.close();
    await ingestor?.close();
    await quality?.close();
    await removeRedisKeys([`${authPrefix}:*`]);
  });

  const forwarded = () =>
    [...ingestor.received, ...quality.received].filter(
      (line) => !line.endsWith(' /status') && !line.includes('/health'),
    );

  async function send(method: string, path: string, init: { body?: string; contentType?: string } = {}) {
    const headers: Record<string, string> = { authorization: `Bearer ${ADMIN_TOKEN}` };
    if (init.contentType) headers['content-type'] = init.contentType;
    const response = await fetch(`${gateway.baseUrl}${path}`, { method, headers, body: init.body });
    const text = await response.text();
    return { status: response.status, text, body: JSON.parse(text) };
  }

  it.each([
    [
      'GET /ui/data/coverage with `sessions` twice',
      '/ui/data/coverage?sessions=5&sessions=6',
      'sessions must be given once',
    ],
    [
      'GET /ui/data/coverage with an unknown parameter',
      '/ui/data/coverage?other=1',
      'unknown query parameter "other"; allowed: sessions, to',
    ],
    [
      'GET /ui/data/bars with `adjusted` twice',
      '/ui/data/bars/AAPL?adjusted=true&adjusted=false',
      'adjusted must be given once',
    ],
    [
      'GET /ui/data/bars with an unknown parameter',
      '/ui/data/bars/AAPL?limit=5',
      'unknown query parameter "limit"; allowed: from, to, adjusted',
    ],
    [
      'GET /ui/data/findings with `symbol` twice',
      '/ui/data/findings?symbol=AAPL&symbol=MSFT',
      'symbol must be given once',
    ],
    [
      'GET /ui/data/findings with an unknown parameter',
      '/ui/data/findings?limit=500',
      'unknown query parameter "limit"; allowed: symbol',
    ],
    [
      'GET /ui/findings with a parameter',
      '/ui/findings?run=1',
      'unknown query parameter "run"; this endpoint takes none',
    ],
  ])('refuses %s with 400 naming it, forwarding nothing', async (_what, path, reason) => {
    const before = forwarded().length;
    const answer = await send('GET', path);
    expect(answer.status).toBe(400);
    expect(answer.body).toMatchObject({ statusCode: 400, error: 'Bad Request', message: reason, reasons: [reason] });
    expect(forwarded()).toHaveLength(before);
  });

  it.each([
    ['POST /admin/backfill', '/admin/backfill'],
    ['POST /admin/end-of-day', '/admin/end-of-day'],
    ['POST /admin/gap-repair', '/admin/gap-repair'],
    ['POST /admin/reference-sync', '/admin/reference-sync'],
    ['POST /admin/corporate-actions', '/admin/corporate-actions'],
    ['POST /admin/quality/runs', '/admin/quality/runs'],
    ['POST /admin/symbols', '/admin/symbols'],
    ['POST /admin/symbols/:symbol/suspend', '/admin/symbols/AAPL/suspend'],
  ])('refuses %s with a text/plain body, forwarding nothing', async (_what, path) => {
    const before = forwarded().length;
    const answer = await send('POST', path, { body: '{"symbols":["AAPL"]}', contentType: 'text/plain' });
    expect(answer.status).toBe(400);
    expect(answer.body).toMatchObject({
      statusCode: 400,
      error: 'Bad Request',
      message: 'the request body must be JSON (Content-Type: application/json), got Content-Type: text/plain',
    });
    expect(answer.text).not.toMatch(/\n\s+at |\.ts:\d+/);
    expect(forwarded()).toHaveLength(before);
  });

  it('refuses a form body and malformed JSON the same way, forwarding nothing', async () => {
    const before = forwarded().length;
    const form = await send('POST', '/admin/backfill', {
      body: 'symbols=AAPL',
      contentType: 'application/x-www-form-urlencoded',
    });
    expect(form).toMatchObject({
      status: 400,
      body: {
        message:
          'the request body must be JSON (Content-Type: application/json), got Content-Type: application/x-www-form-urlencoded',
      },
    });
    const malformed = await send('POST', '/admin/backfill', { body: '{"symbols":', contentType: 'application/json' });
    expect(malformed).toMatchObject({ status: 400, body: { statusCode: 400, error: 'Bad Request' } });
    expect(forwarded()).toHaveLength(before);
  });

  it('still forwards the page reads the page makes', async () => {
    expect((await send('GET', '/ui/data/coverage?sessions=30')).status).toBe(200);
    expect(ingestor.received).toContain('GET /coverage?sessions=30');
    expect((await send('GET', '/ui/data/findings?symbol=AAPL')).status).toBe(200);
    expect(quality.received).toContain('GET /reports?symbol=AAPL&limit=1');
  });
});
