import type { AccountSnapshot, Fill, Order, Position } from '@mdi/domain';

/** Valid Alpaca domain rows for repository specs; override what a test is about. */
export function snapshot(overrides: Partial<AccountSnapshot> = {}): AccountSnapshot {
  return {
    accountId: 'acc-1',
    accountNumber: 'PA1234567890',
    status: 'ACTIVE',
    currency: 'USD',
    equity: '100000.25',
    lastEquity: '99000.5',
    cash: '50000',
    buyingPower: '100000',
    portfolioValue: '100000.25',
    longMarketValue: '50000.25',
    shortMarketValue: '0',
    initialMargin: '25000.125',
    maintenanceMargin: '15000.075',
    daytradeCount: 0,
    patternDayTrader: false,
    tradingBlocked: false,
    accountBlocked: false,
    capturedAt: new Date('2026-11-25T15:00:00.000Z'),
    ...overrides,
  };
}

export function position(symbol: string, overrides: Partial<Position> = {}): Position {
  return {
    assetId: `asset-${symbol}`,
    symbol,
    exchange: 'NASDAQ',
    assetClass: 'us_equity',
    side: 'long',
    qty: '10',
    avgEntryPrice: '100.5',
    marketValue: '1010',
    costBasis: '1005',
    unrealizedPl: '5',
    currentPrice: '101',
    lastdayPrice: '100',
    ...overrides,
  };
}

export function order(id: string, overrides: Partial<Order> = {}): Order {
  return {
    id,
    clientOrderId: `client-${id}`,
    symbol: 'AAPL',
    assetClass: 'us_equity',
    side: 'buy',
    type: 'market',
    timeInForce: 'day',
    status: 'new',
    qty: '10',
    notional: null,
    filledQty: '0',
    filledAvgPrice: null,
    limitPrice: null,
    stopPrice: null,
    createdAt: new Date('2026-11-25T15:00:00.001Z'),
    updatedAt: new Date('2026-11-25T15:00:00.001Z'),
    submittedAt: new Date('2026-11-25T15:00:00.000Z'),
    filledAt: null,
    canceledAt: null,
    ...overrides,
  };
}

export function fill(id: string, overrides: Partial<Fill> = {}): Fill {
  return {
    id,
    orderId: 'order-1',
    symbol: 'AAPL',
    side: 'buy',
    type: 'fill',
    price: '226.31',
    qty: '10',
    cumQty: '10',
    leavesQty: '0',
    orderStatus: 'filled',
    transactionTime: new Date('2026-11-25T15:00:01.000Z'),
    ...overrides,
  };
}
