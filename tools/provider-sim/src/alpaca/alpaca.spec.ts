import { etCompact } from '../calendar/eastern-time';
import { TestSim, jsonOf, startTestSim } from '../test/sim-harness';

jest.setTimeout(30_000);

// Key sets of the vendor fixtures (libs/domain/src/lib/test-fixtures/alpaca-*.json).
const ORDER_KEYS =
  'id client_order_id created_at updated_at submitted_at filled_at expired_at canceled_at failed_at replaced_at replaced_by replaces asset_id symbol asset_class notional qty filled_qty filled_avg_price order_class order_type type side position_intent time_in_force limit_price stop_price status extended_hours legs trail_percent trail_price hwm expires_at'.split(
    ' ',
  );
const POSITION_KEYS =
  'asset_id symbol exchange asset_class asset_marginable qty avg_entry_price side market_value cost_basis unrealized_pl unrealized_plpc unrealized_intraday_pl unrealized_intraday_plpc current_price lastday_price change_today qty_available'.split(
    ' ',
  );
const FILL_KEYS =
  'id activity_type transaction_time type price qty side symbol leaves_qty order_id cum_qty order_status'.split(' ');
const DECIMAL = /^-?\d+(\.\d+)?$/;

interface Order {
  id: string;
  submitted_at: string;
  status: string;
}
interface Fill {
  id: string;
  transaction_time: string;
  type: string;
  order_id: string;
  qty: string;
  leaves_qty: string;
}

describe('Alpaca endpoints', () => {
  let sim: TestSim;
  beforeAll(async () => {
    sim = await startTestSim();
  });
  afterAll(() => sim.close());

  it('serves an account with money as strings, consistent with the positions', async () => {
    const account = await jsonOf(await sim.alpaca('/v2/account'));
    for (const k of [
      'cash',
      'buying_power',
      'equity',
      'last_equity',
      'long_market_value',
      'portfolio_value',
      'multiplier',
      'sma',
    ]) {
      expect({ k, ok: DECIMAL.test(account[k]) }).toEqual({ k, ok: true });
    }
    expect(typeof account.daytrade_count).toBe('number');
    const positions = await jsonOf(await sim.alpaca('/v2/positions'));
    expect(positions.length).toBeGreaterThan(0);
    let lmv = 0;
    for (const p of positions) {
      expect(Object.keys(p)).toEqual(POSITION_KEYS);
      expect(Math.abs(Number(p.market_value) - Number(p.qty) * Number(p.current_price))).toBeLessThan(0.01);
      lmv += Number(p.market_value);
    }
    expect(Math.abs(Number(account.long_market_value) - lmv)).toBeLessThan(0.05);
    expect(Math.abs(Number(account.equity) - Number(account.cash) - lmv)).toBeLessThan(0.05);
  });

  it('filters orders by status and pages them by moving until (exclusive, desc) or after (asc)', async () => {
    const all: Order[] = await jsonOf(await sim.alpaca('/v2/orders?status=all&limit=500'));
    expect(all.length).toBeGreaterThan(60);
    expect(Object.keys(all[0])).toEqual(ORDER_KEYS);
    const open: Order[] = await jsonOf(await sim.alpaca('/v2/orders'));
    expect(open.length).toBeGreaterThan(0);
    expect(open.every((o) => ['new', 'partially_filled'].includes(o.status))).toBe(true);
    const closed: Order[] = await jsonOf(await sim.alpaca('/v2/orders?status=closed&limit=500'));
    expect(open.length + closed.length).toBe(all.length);
    expect(closed.map((o) => o.status)).toEqual(expect.arrayContaining(['filled', 'canceled']));

    const desc: Order[] = [];
    let page: Order[] = await jsonOf(await sim.alpaca('/v2/orders?status=all&limit=7'));
    while (page.length > 0) {
      desc.push(...page);
      page = await jsonOf(
        await sim.alpaca(`/v2/orders?status=all&limit=7&until=${page[page.length - 1].submitted_at}`),
      );
    }
    expect(desc.map((o) => o.id)).toEqual(all.map((o) => o.id));
    expect([...desc].map((o) => o.submitted_at)).toEqual(
      desc
        .map((o) => o.submitted_at)
        .sort()
        .reverse(),
    );

    const asc: Order[] = [];
    page = await jsonOf(await sim.alpaca('/v2/orders?status=all&limit=9&direction=asc'));
    while (page.length > 0) {
      asc.push(...page);
      page = await jsonOf(
        await sim.alpaca(`/v2/orders?status=all&limit=9&direction=asc&after=${page[page.length - 1].submitted_at}`),
      );
    }
    expect(asc.map((o) => o.id)).toEqual(all.map((o) => o.id).reverse());
  });

  it('pages FILL activities by page_token (the last id) without gaps or repeats', async () => {
    const collect = async (base: string) => {
      const out: Fill[] = [];
      let page: Fill[] = await jsonOf(await sim.alpaca(base));
      while (page.length > 0) {
        out.push(...page);
        page = await jsonOf(await sim.alpaca(`${base}&page_token=${encodeURIComponent(page[page.length - 1].id)}`));
      }
      return out;
    };
    const desc = await collect('/v2/account/activities?activity_types=FILL&page_size=13');
    const asc = await collect('/v2/account/activities/FILL?direction=asc&page_size=13');
    expect(desc.length).toBeGreaterThan(50);
    expect(new Set(desc.map((f) => f.id)).size).toBe(desc.length);
    expect(asc.map((f) => f.id)).toEqual(desc.map((f) => f.id).reverse());
    const fill = desc[0];
    expect(Object.keys(fill)).toEqual(FILL_KEYS);
    expect(fill.id).toMatch(/^\d{17}::[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(fill.transaction_time).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}Z$/);
    expect(fill.id.slice(0, 17)).toBe(etCompact(Date.parse(fill.transaction_time)));
    expect((await jsonOf(await sim.alpaca('/v2/account/activities?page_size=1000'))).length).toBe(100);
    expect(await jsonOf(await sim.alpaca('/v2/account/activities?activity_types=DIV'))).toEqual([]);
    const day = desc[desc.length - 1].transaction_time.slice(0, 10);
    const onDay: Fill[] = await jsonOf(await sim.alpaca(`/v2/account/activities?date=${day}`));
    expect(onDay.length).toBeGreaterThan(0);
  });

  it('creates new fills on demand: partial fills then the fill, newest first, orders and cash updated', async () => {
    const cashBefore = Number((await jsonOf(await sim.alpaca('/v2/account'))).cash);
    const latestBefore: Fill[] = await jsonOf(await sim.alpaca('/v2/account/activities?page_size=1'));
    const res = await sim.control('/__sim/alpaca/fills', { count: 12, symbol: 'AAPL' });
    expect(res.status).toBe(200);
    const created: Fill[] = (await jsonOf(res)).fills;
    expect(created).toHaveLength(12);
    const page: Fill[] = await jsonOf(await sim.alpaca('/v2/account/activities?page_size=12'));
    expect(page.map((f) => f.id)).toEqual(created.map((f) => f.id).reverse());
    expect(page.every((f) => f.id > latestBefore[0].id)).toBe(true);
    // Real executions are never in the future of the account's clock.
    const clock = await jsonOf(await sim.alpaca('/v2/clock'));
    expect(page.every((f) => Date.parse(f.transaction_time) <= Date.parse(clock.timestamp) + 1)).toBe(true);
    expect(page.map((f) => f.type)).toContain('partial_fill');
    // Every order touched ends its fill sequence with leaves_qty 0 or is still partially filled.
    const byOrder = new Map<string, Fill[]>();
    for (const f of [...page].reverse()) byOrder.set(f.order_id, [...(byOrder.get(f.order_id) ?? []), f]);
    const orders: Order[] = await jsonOf(await sim.alpaca('/v2/orders?status=all&limit=500&symbols=AAPL'));
    for (const [orderId, fills] of byOrder) {
      const last = fills[fills.length - 1];
      const order = orders.find((o) => o.id === orderId) as Order;
      expect(order.status).toBe(last.leaves_qty === '0' ? 'filled' : 'partially_filled');
      fills.slice(0, -1).forEach((f) => expect(f.type).toBe('partial_fill'));
    }
    expect(Number((await jsonOf(await sim.alpaca('/v2/account'))).cash)).not.toBe(cashBefore);
    for (const bad of [{ count: 0 }, { count: 'x' }, { count: 1, symbol: 'NOPE' }]) {
      expect((await sim.control('/__sim/alpaca/fills', bad)).status).toBe(400);
    }
  });

  it('creates open orders sharing one submitted_at on demand; after/until stay exclusive on it', async () => {
    const before: Order[] = await jsonOf(await sim.alpaca('/v2/orders?status=all&limit=500&direction=asc'));
    const res = await sim.control('/__sim/alpaca/orders', { count: 5, symbol: 'AAPL' });
    expect(res.status).toBe(200);
    const created: Order[] = (await jsonOf(res)).orders;
    expect(created).toHaveLength(5);
    expect(Object.keys(created[0])).toEqual(ORDER_KEYS);
    const instant = created[0].submitted_at;
    expect(instant).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}Z$/);
    expect(created.every((o) => o.submitted_at === instant && o.status === 'new')).toBe(true);
    expect(new Set(created.map((o) => o.id)).size).toBe(5);
    expect(instant > before[before.length - 1].submitted_at).toBe(true);

    const after = (at: string) =>
      sim.alpaca(`/v2/orders?status=all&limit=500&direction=asc&after=${at}`).then((r) => jsonOf<Order[]>(r));
    // Ties come in id order; "after" the shared instant excludes all of them, 1 ms earlier includes all.
    expect((await after(before[before.length - 1].submitted_at)).map((o) => o.id)).toEqual(
      created.map((o) => o.id).sort(),
    );
    expect(await after(instant)).toEqual([]);
    expect((await after(new Date(Date.parse(instant) - 1).toISOString())).map((o) => o.id).sort()).toEqual(
      created.map((o) => o.id).sort(),
    );
    const open: Order[] = await jsonOf(await sim.alpaca('/v2/orders?status=open&limit=500'));
    expect(open.map((o) => o.id)).toEqual(expect.arrayContaining(created.map((o) => o.id)));

    for (const bad of [{ count: 0 }, { count: 1.5 }, { count: 10_001 }, { symbol: 'NOPE' }]) {
      expect((await sim.control('/__sim/alpaca/orders', bad)).status).toBe(400);
    }
  });

  it('serves the calendar like the fixture, from plain dates or ISO timestamps', async () => {
    const expected = [
      {
        date: '2024-07-01',
        open: '09:30',
        close: '16:00',
        session_open: '0400',
        session_close: '2000',
        settlement_date: '2024-07-02',
      },
      {
        date: '2024-07-02',
        open: '09:30',
        close: '16:00',
        session_open: '0400',
        session_close: '2000',
        settlement_date: '2024-07-03',
      },
      {
        date: '2024-07-03',
        open: '09:30',
        close: '13:00',
        session_open: '0400',
        session_close: '1700',
        settlement_date: '2024-07-05',
      },
      {
        date: '2024-07-05',
        open: '09:30',
        close: '16:00',
        session_open: '0400',
        session_close: '2000',
        settlement_date: '2024-07-08',
      },
      {
        date: '2024-07-08',
        open: '09:30',
        close: '16:00',
        session_open: '0400',
        session_close: '2000',
        settlement_date: '2024-07-09',
      },
    ];
    expect(await jsonOf(await sim.alpaca('/v2/calendar?start=2024-07-01&end=2024-07-08'))).toEqual(expected);
    expect(
      await jsonOf(await sim.alpaca('/v2/calendar?start=2024-07-01T00:00:00.000Z&end=2024-07-08T00:00:00.000Z')),
    ).toEqual(expected);
    const year = await jsonOf(await sim.alpaca('/v2/calendar?start=2025-01-01&end=2025-12-31'));
    expect(year).toHaveLength(250);
    expect(year.filter((d: { close: string }) => d.close === '13:00').map((d: { date: string }) => d.date)).toEqual([
      '2025-07-03',
      '2025-11-28',
      '2025-12-24',
    ]);
  });

  it('serves the clock with ET offsets and nanosecond digits', async () => {
    const clockSim = await startTestSim();
    try {
      await clockSim.control('/__sim/config', { now: '2024-07-04T15:02:31.482Z' });
      expect(await jsonOf(await clockSim.alpaca('/v2/clock'))).toEqual({
        timestamp: '2024-07-04T11:02:31.482000000-04:00',
        is_open: false,
        next_open: '2024-07-05T09:30:00-04:00',
        next_close: '2024-07-05T16:00:00-04:00',
      });
      await clockSim.control('/__sim/config', { now: '2026-11-27T15:00:00Z' });
      expect(await jsonOf(await clockSim.alpaca('/v2/clock'))).toMatchObject({
        is_open: true,
        next_open: '2026-11-30T09:30:00-05:00',
        next_close: '2026-11-27T13:00:00-05:00',
      });
    } finally {
      await clockSim.close();
    }
  });
});
