import { AccountSnapshotRepository, FillRepository, OrderRepository } from '@mdi/storage';
import { useServiceWithSimulator } from '@mdi/testing';
import { DataSource } from 'typeorm';
import { serviceDefinition } from '../app/service-definition';

const KEY = { keyId: 'alpaca-readapi-key-77c1', secret: 'alpaca-readapi-secret-88d2' };
const EXACT = '12345.6789';
const HUGE = '123456789012345678901234567890.123456789012345678';

/**
 * The read API on a real app (in this process, its own database), with
 * monitoring off: it must make no Alpaca call at all and still serve what is stored.
 */
describe('read API with ENABLE_REALTIME_TRADING=false', () => {
  const { sim, harness } = useServiceWithSimulator(
    serviceDefinition,
    { symbols: 100, alpacaKeys: [KEY] },
    ({ url }) => ({
      ALPACA_API_KEY: KEY.keyId,
      ALPACA_SECRET_KEY: KEY.secret,
      ALPACA_BASE_URL: url,
      ALPACA_UPDATE_INTERVAL: '1',
      ENABLE_REALTIME_TRADING: 'false',
    }),
  );

  it('makes no Alpaca call, says monitoring is disabled, and is ready without an Alpaca circuit', async () => {
    await new Promise((resolve) => setTimeout(resolve, 2500));
    expect((await sim.stats()).total.byKey[KEY.keyId] ?? 0).toBe(0);
    const status = await harness.get('/status');
    expect(status.body).toMatchObject({
      monitoring: 'disabled',
      circuit: null,
      queue: null,
      lastSuccessfulPoll: null,
      stale: true,
    });
    const ready = await harness.get('/health/ready');
    expect(ready.status).toBe(200);
    expect(ready.body.info.alpaca).toBeUndefined();
    expect((await harness.get('/account')).status).toBe(404);
    expect((await harness.get('/positions')).body).toEqual({ count: 0, positions: [] });
  });

  it(`round-trips "${EXACT}" and a value no float can hold exactly through SQL and the API`, async () => {
    const dataSource = harness.app.get(DataSource);
    const capturedAt = new Date('2026-11-25T20:00:00.000Z');
    await new AccountSnapshotRepository(dataSource).insert({
      accountId: 'acc',
      accountNumber: 'PA1',
      status: 'ACTIVE',
      currency: 'USD',
      equity: EXACT,
      lastEquity: HUGE,
      cash: '0.0000000001',
      buyingPower: '1000.10',
      portfolioValue: EXACT,
      longMarketValue: '0',
      shortMarketValue: '0',
      initialMargin: '0',
      maintenanceMargin: '0',
      daytradeCount: 0,
      patternDayTrader: false,
      tradingBlocked: false,
      accountBlocked: false,
      capturedAt,
    });
    await new FillRepository(dataSource).insertNew([
      {
        id: '20261125150000000::exact',
        orderId: 'order-exact',
        symbol: 'AAPL',
        side: 'buy',
        type: 'partial_fill',
        price: EXACT,
        qty: '0.5',
        cumQty: '0.5',
        leavesQty: HUGE,
        orderStatus: 'partially_filled',
        transactionTime: capturedAt,
      },
    ]);
    await new OrderRepository(dataSource).upsert([
      {
        id: 'order-exact',
        clientOrderId: 'c1',
        symbol: 'AAPL',
        assetClass: 'us_equity',
        side: 'buy',
        type: 'limit',
        timeInForce: 'gtc',
        status: 'partially_filled',
        qty: HUGE,
        notional: null,
        filledQty: '0.5',
        filledAvgPrice: EXACT,
        limitPrice: EXACT,
        stopPrice: null,
        createdAt: capturedAt,
        updatedAt: capturedAt,
        submittedAt: capturedAt,
        filledAt: null,
        canceledAt: null,
      },
    ]);
    const sql = await dataSource.query(
      `SELECT price::text AS p, leaves_qty::text AS l FROM data_ingestion.fills WHERE id = '20261125150000000::exact'`,
    );
    expect(sql).toEqual([{ p: EXACT, l: HUGE }]);

    const account = await harness.get('/account');
    expect(account.body).toMatchObject({
      equity: EXACT,
      lastEquity: HUGE,
      cash: '0.0000000001',
      buyingPower: '1000.10',
      capturedAt: '2026-11-25T20:00:00.000Z',
    });
    const history = await harness.get('/account/history?since=2026-11-25T00:00:00Z');
    expect(history.body.snapshots.map((s: { equity: string }) => s.equity)).toEqual([EXACT]);
    const fills = await harness.get('/fills?since=2026-11-25T19:59:59Z');
    expect(fills.body.fills).toEqual([
      expect.objectContaining({ price: EXACT, leavesQty: HUGE, type: 'partial_fill' }),
    ]);
    const orders = await harness.get('/orders?status=open');
    expect(orders.body.orders).toEqual([
      expect.objectContaining({ id: 'order-exact', qty: HUGE, filledAvgPrice: EXACT, limitPrice: EXACT }),
    ]);
    expect((await harness.get('/orders?status=closed')).body.count).toBe(0);
    expect((await harness.get('/orders?status=partially_filled')).body.count).toBe(1);
  });

  it.each([
    ['/fills?since=yesterday', ['since "yesterday" is not a valid RFC 3339 timestamp (e.g. 2026-11-25T14:30:00Z)']],
    [
      '/fills?since=2026-11-25T10:00:00',
      ['since "2026-11-25T10:00:00" is not a valid RFC 3339 timestamp (e.g. 2026-11-25T14:30:00Z)'],
    ],
    [
      '/fills?since=2026-02-30T10:00:00Z&limit=0',
      [
        'since "2026-02-30T10:00:00Z" is not a valid RFC 3339 timestamp (e.g. 2026-11-25T14:30:00Z)',
        'limit must be a whole number from 1 to 10000, got "0"',
      ],
    ],
    ['/fills?since=2026-11-25T10:00:00Z&since=2026-11-26T10:00:00Z', ['since must be given once']],
    ['/fills?order_id=%27%3B%20DROP', ['order_id must be an order id, got "\'; DROP"']],
    ['/orders?status=done', [expect.stringMatching(/^status must be one of open, closed, all, new, .* got "done"$/)]],
    [
      '/orders?limit=-1&colour=red',
      [
        'limit must be a whole number from 1 to 5000, got "-1"',
        'unknown query parameter "colour"; allowed: status, limit',
      ],
    ],
    ['/orders/history', ['order_id is required']],
    ['/account?x=1', ['unknown query parameter "x"; this endpoint takes none']],
    ['/positions?symbol=AAPL', ['unknown query parameter "symbol"; this endpoint takes none']],
    [
      '/account/history?since=soon&limit=abc',
      [
        'since "soon" is not a valid RFC 3339 timestamp (e.g. 2026-11-25T14:30:00Z)',
        'limit must be a whole number from 1 to 10000, got "abc"',
      ],
    ],
  ])('answers 400 with the reasons for %s', async (path, reasons) => {
    const answer = await harness.get(path);
    expect(answer.status).toBe(400);
    expect(answer.body).toMatchObject({ statusCode: 400, error: 'Bad Request', reasons });
  });
});
