import type { DecimalString } from '../shared/decimal-string';

/** A point-in-time copy of the Alpaca account; stored as a time series. */
export interface AccountSnapshot {
  readonly accountId: string;
  readonly accountNumber: string;
  readonly status: string;
  readonly currency: string;
  readonly equity: DecimalString;
  readonly lastEquity: DecimalString;
  readonly cash: DecimalString;
  readonly buyingPower: DecimalString;
  readonly portfolioValue: DecimalString;
  readonly longMarketValue: DecimalString;
  readonly shortMarketValue: DecimalString;
  readonly initialMargin: DecimalString;
  readonly maintenanceMargin: DecimalString;
  readonly daytradeCount: number;
  readonly patternDayTrader: boolean;
  readonly tradingBlocked: boolean;
  readonly accountBlocked: boolean;
  readonly capturedAt: Date;
}

export type PositionSide = 'long' | 'short';

export interface Position {
  readonly assetId: string;
  readonly symbol: string;
  readonly exchange: string;
  readonly assetClass: string;
  readonly side: PositionSide;
  readonly qty: DecimalString;
  readonly avgEntryPrice: DecimalString;
  readonly marketValue: DecimalString;
  readonly costBasis: DecimalString;
  readonly unrealizedPl: DecimalString;
  readonly currentPrice: DecimalString;
  readonly lastdayPrice: DecimalString;
}

export type OrderSide = 'buy' | 'sell';

export interface Order {
  readonly id: string;
  readonly clientOrderId: string;
  readonly symbol: string;
  readonly assetClass: string;
  readonly side: OrderSide;
  readonly type: string;
  readonly timeInForce: string;
  readonly status: string;
  readonly qty: DecimalString | null;
  readonly notional: DecimalString | null;
  readonly filledQty: DecimalString;
  readonly filledAvgPrice: DecimalString | null;
  readonly limitPrice: DecimalString | null;
  readonly stopPrice: DecimalString | null;
  readonly createdAt: Date;
  readonly updatedAt: Date;
  readonly submittedAt: Date;
  readonly filledAt: Date | null;
  readonly canceledAt: Date | null;
}

export const ORDER_SIDES = ['buy', 'sell'] as const;
export const POSITION_SIDES = ['long', 'short'] as const;

export const FILL_TYPES = ['fill', 'partial_fill'] as const;
export type FillType = (typeof FILL_TYPES)[number];

/** Executions can also be short sales, which orders report as plain 'sell'. */
export const FILL_SIDES = ['buy', 'sell', 'sell_short'] as const;
export type FillSide = (typeof FILL_SIDES)[number];

/** One execution (Alpaca FILL activity). `id` is the idempotency key. */
export interface Fill {
  readonly id: string;
  readonly orderId: string;
  readonly symbol: string;
  readonly side: FillSide;
  readonly type: FillType;
  readonly price: DecimalString;
  readonly qty: DecimalString;
  readonly cumQty: DecimalString;
  readonly leavesQty: DecimalString;
  readonly orderStatus: string;
  readonly transactionTime: Date;
}

/** Alpaca /v2/clock: whether the market is open now and the next open and close. */
export interface MarketClock {
  readonly timestamp: Date;
  readonly isOpen: boolean;
  readonly nextOpen: Date;
  readonly nextClose: Date;
}
