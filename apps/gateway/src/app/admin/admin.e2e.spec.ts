import { eventually, startServiceHarness, TEST_SERVICE_TOKEN, type ServiceHarness } from '@mdi/testing';
import { randomBytes } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { serviceDefinition } from '../service-definition';
import { http, removeRedisKeys, startAdminTestServices, type AdminTestServices } from './admin-test-services';

const ADMIN_TOKEN = 'gateway-admin-token-for-the-e2e-spec';
const bearer = (token: string) => ({ authorization: `Bearer ${token}` });
const admin = bearer(ADMIN_TOKEN);
const json = (body: unknown) => ({
  method: 'POST',
  headers: { ...admin, 'content-type': 'application/json' },
  body: JSON.stringify(body),
});

/**
 * The gateway's admin actions over real HTTP, forwarded to the real
 * polygon-ingestor and quality-service (processes, against the simulator and
 * PostgreSQL), and the queue dashboard over the services' Redis queues.
 */
describe('gateway admin endpoints', () => {
  let services: AdminTestServices;
  let gateway: ServiceHarness;
  const authPrefix = `gw-admin-auth-${randomBytes(4).toString('hex')}`;
  const url = (path: string) => `${gateway.baseUrl}${path}`;

  beforeAll(async () => {
    services = await startAdminTestServices();
    gateway = await startServiceHarness(serviceDefinition, {
      POLYGON_INGESTOR_URL: services.ingestor.url,
      QUALITY_SERVICE_URL: services.quality.url,
      ALPACA_MONITOR_URL: 'http://127.0.0.1:9',
      GATEWAY_ADMIN_TOKEN: ADMIN_TOKEN,
      QUEUE_PREFIX: services.queuePrefix,
      ADMIN_AUTH_KEY_PREFIX: authPrefix,
    });
  }, 180_000);

  afterAll(async () => {
    await gateway?.close();
    await services?.stop();
    await removeRedisKeys(`${authPrefix}:*`);
  }, 60_000);

  it('refuses an admin action without the token or with a wrong one (401, WWW-Authenticate), also the service token', async () => {
    const missing = await http(url('/admin/backfill/plan'));
    expect(missing.status).toBe(401);
    expect(missing.headers.get('www-authenticate')).toBe('Bearer realm="gateway admin"');
    expect(missing.body.message).toBe('missing Authorization: Bearer <GATEWAY_ADMIN_TOKEN> header');
    const wrong = await http(url('/admin/backfill'), { method: 'POST', headers: bearer(`${ADMIN_TOKEN}x`) });
    expect([wrong.status, wrong.body.message]).toEqual([401, 'invalid admin token']);
    expect(
      (await http(url('/admin/symbols/AAPL/suspend'), { method: 'POST', headers: bearer(TEST_SERVICE_TOKEN) })).status,
    ).toBe(401);
    expect(await services.db.dataSource.query(`SELECT count(*)::int AS n FROM data_ingestion.backfill_runs`)).toEqual([
      { n: 0 },
    ]);
  });

  it('answers the backfill plan with its call count and ETA, then starts it and shows its progress', async () => {
    const plan = await http(url('/admin/backfill/plan?symbols=AAPL,MSFT&from=2025-11-03&to=2025-11-21'), {
      headers: admin,
    });
    expect(plan.status).toBe(200);
    expect(plan.body).toMatchObject({ enabled: true, sessions: 15 });
    expect(plan.body.calls.total).toBeGreaterThan(0);
    expect(plan.body.estimatedSeconds).toBeGreaterThanOrEqual(0);
    const started = await http(
      url('/admin/backfill'),
      json({ symbols: ['AAPL', 'MSFT'], from: '2025-11-03', to: '2025-11-21' }),
    );
    expect(started.status).toBe(202);
    expect(started.body.run).toMatchObject({ status: 'running' });
    const progress = await http(url(`/admin/backfill/runs/${started.body.run.id}`), { headers: admin });
    expect(progress.body.id).toBe(started.body.run.id);
    expect((await http(url('/admin/backfill/runs'), { headers: admin })).body.runs[0].id).toBe(started.body.run.id);
  });

  it("forwards a 400 with the service's reasons unchanged", async () => {
    const weekend = await http(url('/admin/end-of-day'), json({ date: '2025-11-22' }));
    expect(weekend.status).toBe(400);
    expect(weekend.body).toEqual({
      statusCode: 400,
      error: 'Bad Request',
      message: 'invalid end-of-day request',
      reasons: ['date 2025-11-22 is not a trading session (a Saturday: the market was closed)'],
    });
    const symbol = await http(url('/admin/symbols'), json({ symbol: 'aapl', shares: 1 }));
    expect(symbol.status).toBe(400);
    expect(symbol.body.reasons).toEqual([
      'symbol "aapl" must be upper case',
      'unknown field "shares" (allowed: symbol, sector)',
    ]);
    expect((await http(url('/admin/backfill/runs/abc'), { headers: admin })).body.reasons).toEqual([
      'id must be a positive integer, got "abc"',
    ]);
  });

  it('refuses a malformed JSON body and a body that is not JSON with a 400 naming the problem; nothing is forwarded', async () => {
    const malformed = await http(url('/admin/backfill'), {
      method: 'POST',
      headers: { ...admin, 'content-type': 'application/json' },
      body: '{"symbols": [AAPL',
    });
    expect(malformed.status).toBe(400);
    expect(malformed.body.message).toMatch(/is not valid JSON$/);
    const tooLarge = await http(
      url('/admin/backfill'),
      json({ symbols: Array.from({ length: 30_000 }, () => 'AAPL') }),
    );
    expect([tooLarge.status, tooLarge.body.message]).toEqual([413, 'request entity too large']);
    const text = await http(url('/admin/end-of-day'), {
      method: 'POST',
      headers: { ...admin, 'content-type': 'text/plain' },
      body: 'date=2025-11-21',
    });
    expect([text.status, text.body.message]).toEqual([
      400,
      'the request body must be JSON (Content-Type: application/json), got Content-Type: text/plain',
    ]);
    const form = await http(url('/admin/backfill'), {
      method: 'POST',
      headers: { ...admin, 'content-type': 'application/x-www-form-urlencoded' },
      body: 'symbols=AAPL',
    });
    expect([form.status, form.body.message]).toEqual([
      400,
      'the request body must be JSON (Content-Type: application/json), got Content-Type: application/x-www-form-urlencoded',
    ]);
    expect(await services.db.dataSource.query(`SELECT count(*)::int AS n FROM data_ingestion.backfill_runs`)).toEqual([
      { n: 1 },
    ]);
  });

  it('suspends, activates, adds and removes symbols, runs end-of-day, the operations and the quality checks', async () => {
    const status = async (symbol: string) =>
      (await services.db.dataSource.query(`SELECT status FROM data_ingestion.symbols WHERE symbol = $1`, [symbol]))[0]
        ?.status;
    const suspended = await http(url('/admin/symbols/NVDA/suspend'), { method: 'POST', headers: admin });
    expect([suspended.status, suspended.body.status, await status('NVDA')]).toEqual([200, 'suspended', 'suspended']);
    expect((await http(url('/admin/symbols/NVDA/activate'), { method: 'POST', headers: admin })).body.status).toBe(
      'active',
    );
    expect((await http(url('/admin/symbols/NOPE/suspend'), { method: 'POST', headers: admin })).status).toBe(404);
    expect((await http(url('/admin/symbols/NVDA'), { method: 'DELETE', headers: admin })).status).toBe(204);
    expect(await status('NVDA')).toBeUndefined();

    const eod = await http(url('/admin/end-of-day'), { method: 'POST', headers: admin });
    expect(eod.status).toBe(202);
    expect(eod.body.lastSession).toBe('2025-11-24');
    expect((await http(url('/admin/reference-sync'), { method: 'POST', headers: admin })).body.enqueued).toHaveLength(
      2,
    );
    // Polygon's reference listing (fetched by the ingestor's queue) makes NVDA a ticker it may add again.
    const readded = await eventually(
      async () => {
        const answer = await http(url('/admin/symbols'), json({ symbol: 'NVDA' }));
        return answer.status === 201 ? answer : null;
      },
      'NVDA to be added again',
      30_000,
    );
    expect([readded.body.symbol, await status('NVDA')]).toEqual(['NVDA', 'active']);
    expect((await http(url('/admin/corporate-actions'), { method: 'POST', headers: admin })).status).toBe(202);
    expect((await http(url('/admin/gap-repair'), { method: 'POST', headers: admin })).body).toHaveProperty(
      'enabled',
      true,
    );
    const quality = await http(url('/admin/quality/runs'), { method: 'POST', headers: admin });
    expect(quality.status).toBe(201);
    expect(quality.body).toMatchObject({ trigger: 'manual' });
  }, 60_000);

  describe('queue dashboard', () => {
    it('answers 401 without the admin token, and serves its page, assets and API with it', async () => {
      expect((await http(url('/admin/queues'))).status).toBe(401);
      expect((await http(url('/admin/queues/api/queues'))).status).toBe(401);
      const page = await http(url('/admin/queues'), { headers: admin });
      expect(page.status).toBe(200);
      expect(page.text).toContain('<base href="/admin/queues/" />');
      expect(page.text).not.toMatch(/https?:\/\//);
      expect(page.headers.get('content-security-policy')).toContain("default-src 'self'");
      const script = /src="(static\/js\/main[^"]+)"/.exec(page.text)?.[1];
      expect((await http(url(`/admin/queues/${script}`), { headers: admin })).status).toBe(200);
      const api = await http(url('/admin/queues/api/queues'), { headers: admin });
      expect(api.status).toBe(200);
      expect(api.body.queues.map((queue: { name: string }) => queue.name).sort()).toEqual([
        'alpaca-calls',
        'polygon-calls',
      ]);
      expect(api.body.queues.every((queue: { readOnlyMode: boolean }) => queue.readOnlyMode)).toBe(true);
    });

    it('exchanges ?token= for a session cookie and a redirect without the token; the cookie opens it', async () => {
      expect((await http(url('/admin/queues?token=wrong-token-0123456789'))).status).toBe(401);
      const exchanged = await http(url(`/admin/queues?token=${ADMIN_TOKEN}`));
      expect(exchanged.status).toBe(303);
      expect(exchanged.headers.get('location')).toBe('/admin/queues');
      const cookie = exchanged.headers.get('set-cookie') ?? '';
      expect(cookie).toMatch(
        /^mdi_admin_session=\d{13}\.[A-Za-z0-9_-]{43}; Path=\/admin\/queues; Max-Age=3600; HttpOnly; SameSite=Strict$/,
      );
      expect(cookie).not.toContain(ADMIN_TOKEN);
      const session = cookie.split(';')[0];
      expect((await http(url('/admin/queues/api/queues'), { headers: { cookie: session } })).status).toBe(200);
      expect(
        (await http(url('/admin/queues/api/queues'), { headers: { cookie: 'mdi_admin_session=9999999999999.forged' } }))
          .status,
      ).toBe(401);
      // The cookie opens the dashboard only, never an admin action.
      expect((await http(url('/admin/gap-repair'), { method: 'POST', headers: { cookie: session } })).status).toBe(401);
    });

    it('is read-only: no retry, clean, pause or remove', async () => {
      const paused = await http(url('/admin/queues/api/queues/polygon-calls/pause'), { method: 'PUT', headers: admin });
      expect([paused.status, paused.body.message]).toEqual([405, 'the queue dashboard is read-only']);
    });
  });

  it('throttles repeated failures from one address (429 with Retry-After, whatever it presents), and never the public reads', async () => {
    await removeRedisKeys(`${authPrefix}:*`); // the failures of the tests above
    for (let attempt = 1; attempt <= 10; attempt++) {
      expect((await http(url('/admin/backfill/plan'), { headers: bearer(`guess-${attempt}-0123456789`) })).status).toBe(
        401,
      );
    }
    const throttled = await http(url('/admin/backfill/plan'), { headers: bearer('guess-11-0123456789') });
    expect(throttled.status).toBe(429);
    expect(Number(throttled.headers.get('retry-after'))).toBeGreaterThan(50);
    expect(throttled.body.message).toMatch(/^too many failed admin authentications from this address; retry in \d+ s$/);
    expect((await http(url('/admin/backfill/plan'), { headers: admin })).status).toBe(429);
    expect((await http(url('/admin/queues'), { headers: admin })).status).toBe(429);
    for (const path of ['/health/live', '/status', '/metrics']) expect((await http(url(path))).status).toBe(200);
  });
});

describe('gateway admin endpoints when a service does not answer, or admin is not configured', () => {
  let hanging: Server;
  let gateway: ServiceHarness;
  let disabled: ServiceHarness;

  beforeAll(async () => {
    hanging = createServer(() => undefined);
    await new Promise<void>((resolve) => hanging.listen(0, '127.0.0.1', resolve));
    // A port nothing listens on: the quality-service is down.
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const downPort = (closed.address() as AddressInfo).port;
    await new Promise<void>((resolve) => closed.close(() => resolve()));
    gateway = await startServiceHarness(serviceDefinition, {
      POLYGON_INGESTOR_URL: `http://127.0.0.1:${(hanging.address() as AddressInfo).port}`,
      QUALITY_SERVICE_URL: `http://127.0.0.1:${downPort}`,
      GATEWAY_ADMIN_TOKEN: ADMIN_TOKEN,
      GATEWAY_FORWARD_TIMEOUT_MS: '300',
      ADMIN_AUTH_KEY_PREFIX: `gw-admin-auth-${randomBytes(4).toString('hex')}`,
    });
    disabled = await startServiceHarness(serviceDefinition, {});
  }, 60_000);

  afterAll(async () => {
    await gateway?.close();
    await disabled?.close();
    hanging?.closeAllConnections();
    hanging?.close();
  });

  it('answers 502 naming a service that is down, never a 500 or a stack', async () => {
    const down = await http(`${gateway.baseUrl}/admin/quality/runs`, { method: 'POST', headers: admin });
    expect(down.status).toBe(502);
    expect(down.body).toEqual({
      statusCode: 502,
      error: 'Bad Gateway',
      message: 'quality-service is unreachable: ECONNREFUSED',
      service: 'quality-service',
    });
  });

  it('answers 504 naming a service that does not answer in time', async () => {
    const slow = await http(`${gateway.baseUrl}/admin/backfill/plan`, { headers: admin });
    expect(slow.status).toBe(504);
    expect(slow.body).toEqual({
      statusCode: 504,
      error: 'Gateway Timeout',
      message: 'polygon-ingestor did not answer within 300 ms',
      service: 'polygon-ingestor',
    });
  });

  it('answers 503 on every admin endpoint while GATEWAY_ADMIN_TOKEN is not set', async () => {
    for (const [method, path] of [
      ['GET', '/admin/backfill/plan'],
      ['POST', '/admin/backfill'],
      ['GET', '/admin/queues'],
    ]) {
      const answer = await http(`${disabled.baseUrl}${path}`, { method, headers: admin });
      expect([path, answer.status, answer.body.message]).toEqual([
        path,
        503,
        'admin endpoints are disabled: set GATEWAY_ADMIN_TOKEN',
      ]);
    }
  });
});
