import { MetricsService } from '@mdi/platform';
import { startSimulatorProcess, type SimulatorProcess } from '../../test-support/simulator-process';
import { ProviderError } from '../errors/provider-error';
import { ProviderMetrics } from '../observability/provider-metrics';
import { AlpacaAccountProvider } from './alpaca-account.provider';
import { createAlpacaApis } from './alpaca-sdk';

describe('AlpacaAccountProvider against the simulator', () => {
  let sim: SimulatorProcess;
  let metrics: MetricsService;
  let alpaca: AlpacaAccountProvider;

  beforeAll(async () => {
    sim = await startSimulatorProcess({ alpacaRateLimit: 180, rateWindowMs: 60_000 });
  });
  afterAll(() => sim?.close());

  beforeEach(async () => {
    await sim.control('POST', '/__sim/reset', { alpaca: true });
    metrics = new MetricsService();
    alpaca = new AlpacaAccountProvider({
      apis: createAlpacaApis({ keyId: sim.alpacaKeyId, secret: sim.alpacaSecret, baseUrl: sim.url }),
      secrets: [sim.alpacaKeyId, sim.alpacaSecret],
      metrics: new ProviderMetrics(metrics),
    });
  });

  it('reads the account, with money kept as exact decimal strings, and the rate-limit headroom', async () => {
    const result = await alpaca.getAccount();
    expect(result.rejected).toEqual([]);
    expect(result.items).toHaveLength(1);
    expect(result.items[0].equity).toMatch(/^-?\d+(\.\d+)?$/);
    expect(alpaca.lastRateLimit).toMatchObject({ limit: 180, remaining: 179 });
  });

  it('keeps the headroom of 429 and JSON 5xx answers too, each with its observation time; an HTML 5xx keeps the last one', async () => {
    let now = new Date('2026-11-25T20:00:00.000Z');
    const clocked = new AlpacaAccountProvider({
      apis: createAlpacaApis({ keyId: sim.alpacaKeyId, secret: sim.alpacaSecret, baseUrl: sim.url }),
      secrets: [sim.alpacaKeyId, sim.alpacaSecret],
      now: () => now,
    });
    expect(clocked.lastRateLimit).toEqual({ limit: null, remaining: null, resetAt: null, observedAt: null });
    await clocked.getClock();
    expect(clocked.lastRateLimit).toMatchObject({ limit: 180, remaining: 179, observedAt: now });

    // The simulator's 429 fault reports Alpaca's own 200 limit, all used up.
    now = new Date('2026-11-25T20:00:01.000Z');
    await sim.control('POST', '/__sim/faults', [
      { kind: 'rate-limit', provider: 'alpaca', retryAfterSeconds: 2, count: 1 },
    ]);
    await expect(clocked.getClock()).rejects.toMatchObject({ status: 429 });
    expect(clocked.lastRateLimit).toMatchObject({ limit: 200, remaining: 0, observedAt: now });
    expect(clocked.lastRateLimit.resetAt?.getTime()).toBeGreaterThan(Date.now());

    now = new Date('2026-11-25T20:00:02.000Z');
    await sim.control('POST', '/__sim/faults', [
      { kind: 'http-error', provider: 'alpaca', status: 503, body: 'json', count: 1 },
    ]);
    await expect(clocked.getClock()).rejects.toMatchObject({ status: 503, failure: 'unavailable' });
    expect(clocked.lastRateLimit).toMatchObject({
      limit: 180,
      remaining: 179,
      observedAt: new Date('2026-11-25T20:00:02.000Z'),
    });

    now = new Date('2026-11-25T20:00:03.000Z');
    await sim.control('POST', '/__sim/faults', [
      { kind: 'http-error', provider: 'alpaca', status: 502, body: 'html', count: 1 },
    ]);
    await expect(clocked.getClock()).rejects.toMatchObject({ status: 502 });
    expect(clocked.lastRateLimit).toMatchObject({
      limit: 180,
      remaining: 179,
      observedAt: new Date('2026-11-25T20:00:02.000Z'),
    });
  });

  it('reads positions, orders, calendar and clock into domain models', async () => {
    const positions = await alpaca.getPositions();
    expect(positions.rejected).toEqual([]);
    const orders = await alpaca.getOrders({ status: 'all' });
    expect(orders.rejected).toEqual([]);
    expect(orders.items.length).toBeGreaterThan(0);
    const calendar = await alpaca.getCalendar('2026-11-23', '2026-11-27');
    expect(calendar.rejected).toEqual([]);
    // Thanksgiving (26th) closed, the 27th an early close.
    expect(calendar.items.map((s) => [s.date, s.close])).toEqual([
      ['2026-11-23', '16:00'],
      ['2026-11-24', '16:00'],
      ['2026-11-25', '16:00'],
      ['2026-11-27', '13:00'],
    ]);
    const clock = await alpaca.getClock();
    expect(clock.rejected).toEqual([]);
    expect(clock.items[0].nextOpen).toBeInstanceOf(Date);
  });

  it('pages fills by the id of the last fill, each fill once', async () => {
    await sim.control('POST', '/__sim/alpaca/fills', { count: 7 });
    const ids: string[] = [];
    let pageToken: string | undefined;
    let pages = 0;
    do {
      const page = await alpaca.getFills({ pageToken, pageSize: 3 });
      expect(page.rejected).toEqual([]);
      ids.push(...page.items.map((f) => f.id));
      pageToken = page.nextCursor ?? undefined;
      pages += 1;
    } while (pageToken && pages < 200);
    expect(ids.length).toBeGreaterThanOrEqual(7);
    expect(new Set(ids).size).toBe(ids.length);
    expect(pages).toBe(Math.floor(ids.length / 3) + 1);
  });

  /** Pages `status=all` ascending from `after` with the provider's cursor; the ids in order, and the page count. */
  const pageOrders = async (after: string, limit: number) => {
    const ids: string[] = [];
    let cursor: string | undefined;
    let pages = 0;
    do {
      const page = await alpaca.getOrders({ status: 'all', after, limit, cursor });
      expect(page.rejected).toEqual([]);
      ids.push(...page.items.map((o) => o.id));
      cursor = page.nextCursor ?? undefined;
      pages += 1;
    } while (cursor && pages < 20);
    return { ids, pages };
  };

  it('pages orders across a page boundary inside orders sharing one submitted_at: each order exactly once', async () => {
    const history = (await alpaca.getOrders({ status: 'all', limit: 500 })).items;
    const created: { id: string; submitted_at: string }[] = (
      await sim.control('POST', '/__sim/alpaca/orders', { count: 3 })
    ).orders;
    expect(new Set(created.map((o) => o.submitted_at)).size).toBe(1);
    // From just before the last two orders of the history: 2 + 3 tied orders, 4 a page, so the first page ends inside the ties.
    const after = history[history.length - 3].submittedAt.toISOString();
    const { ids, pages } = await pageOrders(after, 4);
    const expected = [...history.slice(-2).map((o) => o.id), ...created.map((o) => o.id).sort()];
    expect(ids).toEqual(expected);
    expect(pages).toBe(2);
  });

  it('a whole page sharing one submitted_at cannot loop: paging moves past it and says so', async () => {
    const history = (await alpaca.getOrders({ status: 'all', limit: 500 })).items;
    const created: { id: string }[] = (await sim.control('POST', '/__sim/alpaca/orders', { count: 5 })).orders;
    const warnings: string[] = [];
    const logged = new AlpacaAccountProvider({
      apis: createAlpacaApis({ keyId: sim.alpacaKeyId, secret: sim.alpacaSecret, baseUrl: sim.url }),
      secrets: [sim.alpacaKeyId, sim.alpacaSecret],
      logger: {
        info: () => undefined,
        error: () => undefined,
        warn: (_object, message) => void warnings.push(message),
      },
    });
    alpaca = logged;
    const { ids, pages } = await pageOrders(history[history.length - 1].submittedAt.toISOString(), 4);
    // More orders in one instant than a page holds: the first page's four, never twice; the fifth is out of reach.
    expect(pages).toBe(2);
    expect(ids).toEqual(
      created
        .map((o) => o.id)
        .sort()
        .slice(0, 4),
    );
    expect(warnings).toEqual([
      'a whole orders page shares one submission instant: paging past it may skip orders of that instant',
    ]);
  });

  it('refuses an orders cursor it did not write, without calling Alpaca', async () => {
    for (const cursor of [
      '2026-11-24T15:00:00Z',
      '{"d":"up","b":"2026-11-24T15:00:00Z","s":[]}',
      '{"d":"asc","b":"soon","s":[]}',
      '{"d":"asc","b":"2026-11-24T15:00:00Z","s":[1]}',
    ]) {
      const error = await alpaca.getOrders({ status: 'all', cursor }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(ProviderError);
      expect(error).toMatchObject({ endpoint: 'orders', failure: 'rejected-request', retryable: false });
    }
    expect((await sim.control('GET', '/__sim/stats')).sinceReset.byEndpoint['alpaca.orders'] ?? 0).toBe(0);
  });

  it('refuses malformed orders one by one with their reasons', async () => {
    const all = (await alpaca.getOrders({ status: 'all' })).items.length;
    await sim.control('POST', '/__sim/faults', [
      {
        kind: 'malformed-rows',
        provider: 'alpaca',
        endpoint: 'alpaca.orders',
        variant: 'wrong-type',
        field: 'qty',
        rows: 1,
        count: 1,
      },
    ]);
    const page = await alpaca.getOrders({ status: 'all' });
    expect(page.rejected).toHaveLength(1);
    expect(page.rejected[0].reasons.join()).toMatch(/qty/);
    expect(page.items).toHaveLength(all - 1);
  });

  it('a 429 carries Retry-After; a wrong secret is unauthorized and never echoed', async () => {
    await sim.control('POST', '/__sim/faults', [
      { kind: 'rate-limit', provider: 'alpaca', retryAfterSeconds: 2, count: 1 },
    ]);
    const limited = await alpaca.getClock().catch((e: unknown) => e);
    expect(limited).toBeInstanceOf(ProviderError);
    expect(limited).toMatchObject({ status: 429, failure: 'rate-limited', retryAfterMs: 2000 });

    const wrongSecret = 'sk_wrong_secret_0123456789abcdef';
    const stranger = new AlpacaAccountProvider({
      apis: createAlpacaApis({ keyId: sim.alpacaKeyId, secret: wrongSecret, baseUrl: sim.url }),
      secrets: [sim.alpacaKeyId, wrongSecret],
    });
    const refused = (await stranger.getAccount().catch((e: unknown) => e)) as ProviderError;
    expect(refused).toMatchObject({ status: 403, failure: 'unauthorized', retryable: false });
    const everything = JSON.stringify({
      message: refused.message,
      stack: refused.stack,
      json: refused,
      own: Object.entries(refused),
    });
    expect(everything).not.toContain(wrongSecret);
    expect(everything).not.toContain(sim.alpacaKeyId);
  });

  it('refuses the live host unless live trading is enabled', () => {
    expect(() => createAlpacaApis({ keyId: 'k', secret: 's', baseUrl: 'https://api.alpaca.markets' })).toThrow(/LIVE/);
    expect(() =>
      createAlpacaApis({ keyId: 'k', secret: 's', baseUrl: 'https://api.alpaca.markets', allowLive: true }),
    ).not.toThrow();
  });
});
