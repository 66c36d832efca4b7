import { readFixture } from '../test-fixtures/read-fixture';
import {
  fromAlpacaAccount,
  fromAlpacaCalendarDay,
  fromAlpacaClock,
  fromAlpacaFill,
  fromAlpacaOrder,
  fromAlpacaPosition,
} from './alpaca.transformer';

type Row = Record<string, unknown>;

const account = readFixture<Row>('alpaca-account.json');
const positions = readFixture<Row[]>('alpaca-positions.json');
const orders = readFixture<Row[]>('alpaca-orders.json');
const fills = readFixture<Row[]>('alpaca-activities-fill.json');
const calendar = readFixture<Row[]>('alpaca-calendar.json');
const clock = readFixture<Row>('alpaca-clock.json');
const capturedAt = new Date('2024-07-05T20:05:00Z');

function reasonsOf(result: { ok: boolean; reasons?: readonly string[] }): readonly string[] | undefined {
  return result.ok ? undefined : result.reasons;
}

describe('fromAlpacaAccount', () => {
  it('maps the fixture and keeps money strings as sent', () => {
    expect(fromAlpacaAccount(account, capturedAt)).toEqual({
      ok: true,
      value: {
        accountId: '1d9eed04-be39-4e01-9b84-a48ac5bbafcf',
        accountNumber: 'PA3K7Q2ZB1XY',
        status: 'ACTIVE',
        currency: 'USD',
        equity: '101250.18',
        lastEquity: '100874.02',
        cash: '99382.71',
        buyingPower: '198765.43',
        portfolioValue: '101250.18',
        longMarketValue: '1867.47',
        shortMarketValue: '0',
        initialMargin: '933.74',
        maintenanceMargin: '560.24',
        daytradeCount: 0,
        patternDayTrader: false,
        tradingBlocked: false,
        accountBlocked: false,
        capturedAt,
      },
    });
  });

  it('keeps long fractions and trailing zeros byte for byte', () => {
    const result = fromAlpacaAccount({ ...account, cash: '12345.6789', equity: '100.10' }, capturedAt);
    expect(result.ok && [result.value.cash, result.value.equity]).toEqual(['12345.6789', '100.10']);
  });

  it.each([
    [{ cash: 99382.71 }, 'cash must be a decimal string, got 99382.71'],
    [{ cash: 'n/a' }, 'cash "n/a" is not a decimal number'],
    [{ cash: '1e5' }, 'cash "1e5" is not a decimal number'],
    [{ equity: undefined }, 'equity is missing'],
    [{ buying_power: null }, 'buying_power is missing'],
    [{ id: 42 }, 'id must be a string, got 42'],
    [{ account_number: '' }, 'account_number is empty'],
    [{ daytrade_count: '0' }, 'daytrade_count must be a number, got "0"'],
    [{ daytrade_count: -1 }, 'daytrade_count must be a whole number of 0 or more, got -1'],
    [{ daytrade_count: 1.5 }, 'daytrade_count must be a whole number of 0 or more, got 1.5'],
    [{ pattern_day_trader: 'false' }, 'pattern_day_trader must be true or false, got "false"'],
    [{ trading_blocked: undefined }, 'trading_blocked is missing'],
  ])('rejects %p', (overrides, reason) => {
    expect(reasonsOf(fromAlpacaAccount({ ...account, ...overrides }, capturedAt))).toEqual([reason]);
  });

  it('rejects an invalid capture time', () => {
    expect(reasonsOf(fromAlpacaAccount(account, new Date('x')))).toEqual([
      'capturedAt must be a valid Date, got Invalid Date',
    ]);
  });

  it('reports every problem at once', () => {
    expect(reasonsOf(fromAlpacaAccount({ ...account, cash: 1, equity: null, status: 3 }, capturedAt))).toEqual([
      'status must be a string, got 3',
      'equity is missing',
      'cash must be a decimal string, got 1',
    ]);
  });

  it.each([null, 'account', [account]])('rejects a non-object body %p', (bad) => {
    expect(reasonsOf(fromAlpacaAccount(bad, capturedAt))?.[0]).toMatch(/^account must be an object/);
  });
});

describe('fromAlpacaPosition', () => {
  it('maps both fixture positions, fractional qty and negative P&L intact', () => {
    const [aapl, spy] = positions.map(fromAlpacaPosition);
    expect(aapl).toEqual({
      ok: true,
      value: {
        assetId: 'b0b6dd9d-8b9b-48a9-ba46-b9d54906e415',
        symbol: 'AAPL',
        exchange: 'NASDAQ',
        assetClass: 'us_equity',
        side: 'long',
        qty: '5',
        avgEntryPrice: '216.802',
        marketValue: '1139.1',
        costBasis: '1084.01',
        unrealizedPl: '55.09',
        currentPrice: '227.82',
        lastdayPrice: '226.34',
      },
    });
    expect(spy.ok && [spy.value.qty, spy.value.currentPrice]).toEqual(['1.31472806', '554.0']);
    expect(fromAlpacaPosition({ ...positions[0], unrealized_pl: '-0.0508205643859374' })).toMatchObject({
      ok: true,
      value: { unrealizedPl: '-0.0508205643859374' },
    });
  });

  it.each([
    [{ side: 'flat' }, 'side must be one of "long", "short", got "flat"'],
    [{ qty: 5 }, 'qty must be a decimal string, got 5'],
    [{ avg_entry_price: 'abc' }, 'avg_entry_price "abc" is not a decimal number'],
    [{ market_value: undefined }, 'market_value is missing'],
    [{ symbol: null }, 'symbol is missing'],
    [{ asset_id: {} }, 'asset_id must be a string, got an object'],
  ])('rejects %p', (overrides, reason) => {
    expect(reasonsOf(fromAlpacaPosition({ ...positions[0], ...overrides }))).toEqual([reason]);
  });
});

describe('fromAlpacaOrder', () => {
  it('maps an open limit order with nulls kept as null', () => {
    expect(fromAlpacaOrder(orders[0])).toEqual({
      ok: true,
      value: {
        id: '61e69015-8549-4bfd-b9c3-01e75843f47d',
        clientOrderId: 'eod-rebalance-2024-07-08-msft-1',
        symbol: 'MSFT',
        assetClass: 'us_equity',
        side: 'buy',
        type: 'limit',
        timeInForce: 'gtc',
        status: 'new',
        qty: '2',
        notional: null,
        filledQty: '0',
        filledAvgPrice: null,
        limitPrice: '455',
        stopPrice: null,
        createdAt: new Date('2024-07-08T19:58:12.104Z'),
        updatedAt: new Date('2024-07-08T19:58:12.118Z'),
        submittedAt: new Date('2024-07-08T19:58:12.101Z'),
        filledAt: null,
        canceledAt: null,
      },
    });
  });

  it('maps a filled market order', () => {
    expect(fromAlpacaOrder(orders[1])).toMatchObject({
      ok: true,
      value: { status: 'filled', filledAvgPrice: '216.802', filledAt: new Date('2024-07-01T13:45:03.839Z') },
    });
  });

  it('accepts a notional order without qty', () => {
    expect(fromAlpacaOrder({ ...orders[0], qty: null, notional: '500' }).ok).toBe(true);
  });

  it.each([
    [{ side: 'short' }, 'side must be one of "buy", "sell", got "short"'],
    [{ created_at: 'yesterday' }, 'created_at "yesterday" is not a valid RFC 3339 timestamp'],
    [{ created_at: 1720468692104 }, 'created_at must be an RFC 3339 timestamp string, got 1720468692104'],
    [{ submitted_at: undefined }, 'submitted_at is missing'],
    [{ filled_at: '2024-07-01 13:45:03' }, 'filled_at "2024-07-01 13:45:03" is not a valid RFC 3339 timestamp'],
    [{ filled_avg_price: 216.802 }, 'filled_avg_price must be a decimal string, got 216.802'],
    [{ limit_price: '455,00' }, 'limit_price "455,00" is not a decimal number'],
    [{ filled_qty: null }, 'filled_qty is missing'],
    [{ qty: null }, 'order has neither qty nor notional'],
    [{ client_order_id: '' }, 'client_order_id is empty'],
    [{ time_in_force: undefined }, 'time_in_force is missing'],
  ])('rejects %p', (overrides, reason) => {
    expect(reasonsOf(fromAlpacaOrder({ ...orders[0], ...overrides }))).toEqual([reason]);
  });
});

describe('fromAlpacaFill', () => {
  it('maps the FILL activity', () => {
    expect(fromAlpacaFill(fills[0])).toEqual({
      ok: true,
      value: {
        id: '20240701094503839::8efc7b9a-8b2b-4000-9955-d36e7db0df74',
        orderId: '904837e3-3b76-47ec-b432-046db621571b',
        symbol: 'AAPL',
        side: 'buy',
        type: 'fill',
        price: '216.802',
        qty: '5',
        cumQty: '5',
        leavesQty: '0',
        orderStatus: 'filled',
        transactionTime: new Date('2024-07-01T13:45:03.839Z'),
      },
    });
  });

  it('accepts short-sale fills and partial fills', () => {
    expect(fromAlpacaFill({ ...fills[0], side: 'sell_short', type: 'partial_fill' }).ok).toBe(true);
  });

  it.each([
    [{ activity_type: 'DIV' }, 'activity_type must be "FILL", got "DIV"'],
    [{ activity_type: undefined }, 'activity_type must be "FILL", got undefined'],
    [{ type: 'complete' }, 'type must be one of "fill", "partial_fill", got "complete"'],
    [{ side: 'BUY' }, 'side must be one of "buy", "sell", "sell_short", got "BUY"'],
    [{ price: 216.802 }, 'price must be a decimal string, got 216.802'],
    [{ qty: '' }, 'qty "" is not a decimal number'],
    [{ cum_qty: undefined }, 'cum_qty is missing'],
    [{ transaction_time: 'now' }, 'transaction_time "now" is not a valid RFC 3339 timestamp'],
    [{ id: undefined }, 'id is missing'],
    [{ order_id: 5 }, 'order_id must be a string, got 5'],
  ])('rejects %p', (overrides, reason) => {
    expect(reasonsOf(fromAlpacaFill({ ...fills[0], ...overrides }))).toEqual([reason]);
  });
});

describe('fromAlpacaCalendarDay', () => {
  it('maps trading days, including the 13:00 early close', () => {
    expect(
      calendar.map((day) => {
        const s = fromAlpacaCalendarDay(day);
        return s.ok && s.value;
      }),
    ).toEqual([
      { date: '2024-07-01', open: '09:30', close: '16:00' },
      { date: '2024-07-02', open: '09:30', close: '16:00' },
      { date: '2024-07-03', open: '09:30', close: '13:00' },
      { date: '2024-07-05', open: '09:30', close: '16:00' },
      { date: '2024-07-08', open: '09:30', close: '16:00' },
    ]);
  });

  it.each([
    [{ date: '2024-07-32' }, 'date must be a YYYY-MM-DD date, got "2024-07-32"'],
    [{ date: undefined }, 'date is missing'],
    [{ close: '1600' }, 'close must be an HH:MM time, got "1600"'],
    [{ open: 930 }, 'open must be a string, got 930'],
    [{ close: '09:00' }, 'close 09:00 is not after open 09:30'],
  ])('rejects %p', (overrides, reason) => {
    expect(reasonsOf(fromAlpacaCalendarDay({ ...calendar[0], ...overrides }))).toEqual([reason]);
  });
});

describe('fromAlpacaClock', () => {
  it('reads offsets and nanosecond timestamps', () => {
    expect(fromAlpacaClock(clock)).toEqual({
      ok: true,
      value: {
        timestamp: new Date('2024-07-04T15:02:31.482Z'),
        isOpen: false,
        nextOpen: new Date('2024-07-05T13:30:00Z'),
        nextClose: new Date('2024-07-05T20:00:00Z'),
      },
    });
  });

  it.each([
    [{ is_open: 'false' }, 'is_open must be true or false, got "false"'],
    [{ next_open: '2024-07-05T09:30:00' }, 'next_open "2024-07-05T09:30:00" is not a valid RFC 3339 timestamp'],
    [{ next_close: null }, 'next_close is missing'],
  ])('rejects %p', (overrides, reason) => {
    expect(reasonsOf(fromAlpacaClock({ ...clock, ...overrides }))).toEqual([reason]);
  });
});
