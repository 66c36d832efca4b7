import type { Fill, Order } from '@mdi/domain';
import { nextFillsWatermark, nextOrdersWatermark } from './watermarks';

const now = new Date('2026-11-25T20:00:00.000Z');
const fill = (id: string, at: string) => ({ id, transactionTime: new Date(at) }) as Fill;
const order = (id: string, at: string) => ({ id, submittedAt: new Date(at) }) as Order;

describe('nextFillsWatermark', () => {
  const fills = [
    fill('20261125145800000::c', '2026-11-25T19:58:00Z'),
    fill('20261125145700000::a', '2026-11-25T19:57:00Z'),
    fill('20261125145959000::d', '2026-11-25T19:59:59Z'),
  ];

  it('moves to the last fill older than the lag, whatever order the page came in', () => {
    expect(nextFillsWatermark(fills, [], now, 5000)).toBe('20261125145800000::c');
    expect(nextFillsWatermark(fills, [], now, 0)).toBe('20261125145959000::d');
  });

  it('stops before a refused row, so it is fetched again', () => {
    const bad = { row: { id: '20261125145759000::b', price: 'abc' }, reasons: ['price must be a decimal string'] };
    expect(nextFillsWatermark(fills, [bad], now, 0)).toBe('20261125145700000::a');
  });

  it('does not move when a refused row has no readable id', () => {
    expect(
      nextFillsWatermark(fills, [{ row: 'garbage', reasons: ['fill activity must be an object'] }], now, 0),
    ).toBeNull();
  });

  it('ignores exact repeats and an empty page', () => {
    const dup = {
      row: { id: '20261125145700000::a' },
      reasons: ['duplicate of an earlier row for 20261125145700000::a'],
    };
    expect(nextFillsWatermark(fills, [dup], now, 0)).toBe('20261125145959000::d');
    expect(nextFillsWatermark([], [], now, 0)).toBeNull();
  });
});

describe('nextOrdersWatermark', () => {
  const orders = [
    order('o2', '2026-11-25T19:50:00.000Z'),
    order('o1', '2026-11-25T19:40:00.000Z'),
    order('o3', '2026-11-25T19:59:58Z'),
  ];

  it('moves to the newest submission older than the lag', () => {
    expect(nextOrdersWatermark(orders, [], null, now, 5000)).toBe('2026-11-25T19:50:00.000Z');
  });

  it('is held just before the oldest order still open', () => {
    expect(nextOrdersWatermark(orders, [], new Date('2026-11-25T19:45:00.000Z'), now, 0)).toBe(
      '2026-11-25T19:44:59.999Z',
    );
  });

  it('stops before a refused order with a readable submission time, and stays put without one', () => {
    const bad = {
      row: { id: 'o9', submitted_at: '2026-11-25T19:45:00.123456Z', side: 'up' },
      reasons: ['side must be one of buy, sell'],
    };
    expect(nextOrdersWatermark(orders, [bad], null, now, 0)).toBe('2026-11-25T19:40:00.000Z');
    expect(
      nextOrdersWatermark(orders, [{ row: { id: 'o9' }, reasons: ['submitted_at is missing'] }], null, now, 0),
    ).toBeNull();
  });

  it('does not move on an empty page', () => {
    expect(nextOrdersWatermark([], [], null, now, 0)).toBeNull();
  });
});
