import type { TradingSession } from '../calendar/trading-session';
import { describeValue } from '../shared/describe-value';
import { readFields, type FieldReader } from '../shared/field-reader';
import type { Validated } from '../shared/validated';
import { isWallClockTime } from '../time/new-york-time';
import {
  FILL_SIDES,
  FILL_TYPES,
  ORDER_SIDES,
  POSITION_SIDES,
  type AccountSnapshot,
  type Fill,
  type MarketClock,
  type Order,
  type Position,
} from './alpaca-models';

/*
 * Transformers from Alpaca's raw snake_case JSON. Alpaca sends money and
 * quantities as strings: they are kept byte for byte (no parse, no rounding);
 * a JSON number in their place is rejected because it has already been
 * through a float. Symbols are not held to the US-equity rule here: an
 * account can hold crypto ("BTC/USD") or options.
 */

/** GET /v2/account, stamped with when we read it. */
export function fromAlpacaAccount(json: unknown, capturedAt: Date): Validated<AccountSnapshot> {
  return readFields(json, 'account', (reader): AccountSnapshot => {
    if (!(capturedAt instanceof Date) || Number.isNaN(capturedAt.getTime())) {
      reader.problem(`capturedAt must be a valid Date, got ${describeValue(capturedAt)}`);
    }
    return {
      accountId: reader.string('id'),
      accountNumber: reader.string('account_number'),
      status: reader.string('status'),
      currency: reader.string('currency'),
      equity: reader.decimal('equity'),
      lastEquity: reader.decimal('last_equity'),
      cash: reader.decimal('cash'),
      buyingPower: reader.decimal('buying_power'),
      portfolioValue: reader.decimal('portfolio_value'),
      longMarketValue: reader.decimal('long_market_value'),
      shortMarketValue: reader.decimal('short_market_value'),
      initialMargin: reader.decimal('initial_margin'),
      maintenanceMargin: reader.decimal('maintenance_margin'),
      daytradeCount: reader.count('daytrade_count'),
      patternDayTrader: reader.boolean('pattern_day_trader'),
      tradingBlocked: reader.boolean('trading_blocked'),
      accountBlocked: reader.boolean('account_blocked'),
      capturedAt,
    };
  });
}

/** One element of GET /v2/positions. */
export function fromAlpacaPosition(json: unknown): Validated<Position> {
  return readFields(json, 'position', (reader): Position => ({
    assetId: reader.string('asset_id'),
    symbol: reader.string('symbol'),
    exchange: reader.string('exchange'),
    assetClass: reader.string('asset_class'),
    side: reader.oneOf('side', POSITION_SIDES),
    qty: reader.decimal('qty'),
    avgEntryPrice: reader.decimal('avg_entry_price'),
    marketValue: reader.decimal('market_value'),
    costBasis: reader.decimal('cost_basis'),
    unrealizedPl: reader.decimal('unrealized_pl'),
    currentPrice: reader.decimal('current_price'),
    lastdayPrice: reader.decimal('lastday_price'),
  }));
}

/** One element of GET /v2/orders. An order has a qty or a notional amount (or both once filled). */
export function fromAlpacaOrder(json: unknown): Validated<Order> {
  return readFields(json, 'order', (reader) => {
    const order: Order = {
      id: reader.string('id'),
      clientOrderId: reader.string('client_order_id'),
      symbol: reader.string('symbol'),
      assetClass: reader.string('asset_class'),
      side: reader.oneOf('side', ORDER_SIDES),
      type: reader.string('type'),
      timeInForce: reader.string('time_in_force'),
      status: reader.string('status'),
      qty: reader.optionalDecimal('qty'),
      notional: reader.optionalDecimal('notional'),
      filledQty: reader.decimal('filled_qty'),
      filledAvgPrice: reader.optionalDecimal('filled_avg_price'),
      limitPrice: reader.optionalDecimal('limit_price'),
      stopPrice: reader.optionalDecimal('stop_price'),
      createdAt: reader.timestamp('created_at'),
      updatedAt: reader.timestamp('updated_at'),
      submittedAt: reader.timestamp('submitted_at'),
      filledAt: reader.optionalTimestamp('filled_at'),
      canceledAt: reader.optionalTimestamp('canceled_at'),
    };
    if (isAbsent(reader, 'qty') && isAbsent(reader, 'notional')) {
      reader.problem('order has neither qty nor notional');
    }
    return order;
  });
}

/** One FILL activity of GET /v2/account/activities; its `id` is the idempotency key. */
export function fromAlpacaFill(json: unknown): Validated<Fill> {
  return readFields(json, 'fill activity', (reader): Fill => {
    const activityType = reader.raw('activity_type');
    if (activityType !== 'FILL') {
      reader.problem(`activity_type must be "FILL", got ${describeValue(activityType)}`);
    }
    return {
      id: reader.string('id'),
      orderId: reader.string('order_id'),
      symbol: reader.string('symbol'),
      side: reader.oneOf('side', FILL_SIDES),
      type: reader.oneOf('type', FILL_TYPES),
      price: reader.decimal('price'),
      qty: reader.decimal('qty'),
      cumQty: reader.decimal('cum_qty'),
      leavesQty: reader.decimal('leaves_qty'),
      orderStatus: reader.string('order_status'),
      transactionTime: reader.timestamp('transaction_time'),
    };
  });
}

/** One element of GET /v2/calendar (trading days only; times are ET wall clock). */
export function fromAlpacaCalendarDay(json: unknown): Validated<TradingSession> {
  return readFields(json, 'calendar day', (reader) => {
    const date = reader.isoDate('date');
    const open = wallClock(reader, 'open');
    const close = wallClock(reader, 'close');
    if (!reader.hasProblems() && close <= open) {
      reader.problem(`close ${close} is not after open ${open}`);
    }
    return { date, open, close };
  });
}

/** GET /v2/clock. */
export function fromAlpacaClock(json: unknown): Validated<MarketClock> {
  return readFields(json, 'clock', (reader): MarketClock => ({
    timestamp: reader.timestamp('timestamp'),
    isOpen: reader.boolean('is_open'),
    nextOpen: reader.timestamp('next_open'),
    nextClose: reader.timestamp('next_close'),
  }));
}

function wallClock(reader: FieldReader, key: string): string {
  const value = reader.string(key);
  if (value !== '' && !isWallClockTime(value)) {
    reader.problem(`${key} must be an HH:MM time, got ${describeValue(value)}`);
  }
  return value;
}

function isAbsent(reader: FieldReader, key: string): boolean {
  const value = reader.raw(key);
  return value === undefined || value === null;
}
