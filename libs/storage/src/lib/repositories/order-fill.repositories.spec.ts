import { useStorageTestDatabase } from '../../test-support/test-database';
import { fill, order } from '../../test-support/alpaca-rows';
import { FillRepository } from './fill.repository';
import { OrderRepository } from './order.repository';

const at = (s: string) => new Date(`2026-11-25T${s}Z`);

describe('OrderRepository and FillRepository (real PostgreSQL)', () => {
  const db = useStorageTestDatabase();
  let orders: OrderRepository;
  let fills: FillRepository;

  beforeAll(() => {
    orders = new OrderRepository(db.dataSource);
    fills = new FillRepository(db.dataSource);
  });

  it('upserts orders, records each status change once, and ignores an older copy', async () => {
    expect(
      await orders.upsert([order('o1'), order('o2', { submittedAt: at('15:00:05'), updatedAt: at('15:00:05') })]),
    ).toEqual({
      written: 2,
      statusChanges: 2,
    });
    expect(await orders.upsert([order('o1')])).toEqual({ written: 0, statusChanges: 0 });
    const partial = order('o1', {
      status: 'partially_filled',
      filledQty: '4',
      filledAvgPrice: '12345.6789',
      updatedAt: at('15:00:02'),
    });
    const filled = order('o1', {
      status: 'filled',
      filledQty: '10',
      filledAvgPrice: '12345.67891',
      updatedAt: at('15:00:03'),
      filledAt: at('15:00:03'),
    });
    expect(await orders.upsert([partial])).toEqual({ written: 1, statusChanges: 1 });
    expect(await orders.upsert([filled])).toEqual({ written: 1, statusChanges: 1 });
    // A replica still holding the partial copy cannot take the order back.
    expect(await orders.upsert([partial])).toEqual({ written: 0, statusChanges: 0 });
    expect(await orders.get('o1')).toEqual(filled);
    expect((await orders.statusHistory('o1')).map((h) => [h.status, h.updatedAt.toISOString()])).toEqual([
      ['new', '2026-11-25T15:00:00.001Z'],
      ['partially_filled', '2026-11-25T15:00:02.000Z'],
      ['filled', '2026-11-25T15:00:03.000Z'],
    ]);
  });

  it('records statuses seen on fills idempotently', async () => {
    const seen = [{ orderId: 'o2', status: 'partially_filled', at: at('15:00:06') }];
    expect(await orders.recordStatuses(seen)).toBe(1);
    expect(await orders.recordStatuses(seen)).toBe(0);
    expect(await orders.recordStatuses([])).toBe(0);
  });

  it('finds the oldest order that is not final and lists by status, newest first', async () => {
    expect(await orders.oldestSubmittedNotIn(['filled', 'canceled'])).toEqual(at('15:00:05'));
    expect(await orders.oldestSubmittedNotIn(['filled', 'canceled', 'new'])).toBeNull();
    expect((await orders.list({ statuses: null, limit: 10 })).map((o) => o.id)).toEqual(['o2', 'o1']);
    expect((await orders.list({ statuses: ['filled'], limit: 10 })).map((o) => o.id)).toEqual(['o1']);
    expect(await orders.list({ statuses: ['filled'], limit: 0 })).toEqual([]);
  });

  it('stores each fill once, and says which were new, even when two writers race', async () => {
    const batch = Array.from({ length: 50 }, (_, i) =>
      fill(`20261125100000${String(i).padStart(3, '0')}::f${i}`, {
        price: '12345.6789',
        transactionTime: new Date(Date.UTC(2026, 10, 25, 15, 0, i)),
      }),
    );
    const [a, b] = await Promise.all([fills.insertNew(batch.slice(0, 35)), fills.insertNew(batch.slice(15))]);
    const ids = [...a, ...b].map((f) => f.id).sort();
    expect(ids).toEqual(batch.map((f) => f.id).sort());
    expect(await fills.insertNew(batch)).toEqual([]);
    const stored = await fills.list({ since: null, orderId: null, limit: 1000 });
    expect(stored).toEqual(batch);
    expect(new Set(stored.map((f) => f.price))).toEqual(new Set(['12345.6789']));
  });

  it('lists fills since an instant and of one order', async () => {
    const since = await fills.list({ since: new Date(Date.UTC(2026, 10, 25, 15, 0, 48)), orderId: null, limit: 10 });
    expect(since.map((f) => f.transactionTime.getUTCSeconds())).toEqual([48, 49]);
    await fills.insertNew([
      fill('20261125110000000::other', { orderId: 'o9', type: 'partial_fill', leavesQty: '2.5', cumQty: '7.5' }),
    ]);
    expect(await fills.list({ since: null, orderId: 'o9', limit: 10 })).toMatchObject([
      { id: '20261125110000000::other', leavesQty: '2.5' },
    ]);
  });
});
