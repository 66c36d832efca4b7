import type { SchemaObject } from '@nestjs/swagger';
import { ORDER_STATUS_FILTERS } from './order-status-filter';

/**
 * OpenAPI shapes of the alpaca-monitor's answers, matching the domain models
 * (AccountSnapshot, Position, Order, Fill): money and quantities are decimal
 * text, exactly as Alpaca sent them; instants are ISO 8601.
 */

const DECIMAL: SchemaObject = { type: 'string', example: '12345.6789', description: 'decimal text, never rounded' };
const NULLABLE_DECIMAL: SchemaObject = { ...DECIMAL, nullable: true };
const INSTANT: SchemaObject = { type: 'string', format: 'date-time' };
const TEXT: SchemaObject = { type: 'string' };

function object(fields: Record<string, SchemaObject>): SchemaObject {
  return { type: 'object', properties: fields };
}

export const ACCOUNT_SCHEMA = object({
  accountId: TEXT,
  accountNumber: TEXT,
  status: { type: 'string', example: 'ACTIVE' },
  currency: { type: 'string', example: 'USD' },
  ...Object.fromEntries(
    [
      'equity',
      'lastEquity',
      'cash',
      'buyingPower',
      'portfolioValue',
      'longMarketValue',
      'shortMarketValue',
      'initialMargin',
      'maintenanceMargin',
    ].map((name) => [name, DECIMAL]),
  ),
  daytradeCount: { type: 'integer' },
  patternDayTrader: { type: 'boolean' },
  tradingBlocked: { type: 'boolean' },
  accountBlocked: { type: 'boolean' },
  capturedAt: { ...INSTANT, description: 'when the poll read it: its age during an outage' },
});

export const ACCOUNT_HISTORY_SCHEMA = object({
  since: INSTANT,
  snapshots: { type: 'array', items: ACCOUNT_SCHEMA, description: 'oldest first' },
});

const POSITION_SCHEMA = object({
  assetId: TEXT,
  symbol: TEXT,
  exchange: TEXT,
  assetClass: TEXT,
  side: { type: 'string', enum: ['long', 'short'] },
  ...Object.fromEntries(
    ['qty', 'avgEntryPrice', 'marketValue', 'costBasis', 'unrealizedPl', 'currentPrice', 'lastdayPrice'].map((name) => [
      name,
      DECIMAL,
    ]),
  ),
  updatedAt: { ...INSTANT, description: 'when the poll read it' },
});

export const POSITIONS_SCHEMA = object({
  count: { type: 'integer' },
  positions: { type: 'array', items: POSITION_SCHEMA },
});

const ORDER_SCHEMA = object({
  id: TEXT,
  clientOrderId: TEXT,
  symbol: TEXT,
  assetClass: TEXT,
  side: { type: 'string', enum: ['buy', 'sell'] },
  type: { type: 'string', example: 'limit' },
  timeInForce: { type: 'string', example: 'gtc' },
  status: { type: 'string', example: 'partially_filled' },
  qty: NULLABLE_DECIMAL,
  notional: NULLABLE_DECIMAL,
  filledQty: DECIMAL,
  filledAvgPrice: NULLABLE_DECIMAL,
  limitPrice: NULLABLE_DECIMAL,
  stopPrice: NULLABLE_DECIMAL,
  createdAt: INSTANT,
  updatedAt: INSTANT,
  submittedAt: INSTANT,
  filledAt: { ...INSTANT, nullable: true },
  canceledAt: { ...INSTANT, nullable: true },
});

export const ORDER_STATUS_QUERY: SchemaObject = { type: 'string', enum: [...ORDER_STATUS_FILTERS], default: 'all' };

export const ORDERS_SCHEMA = object({
  status: ORDER_STATUS_QUERY,
  count: { type: 'integer' },
  orders: { type: 'array', items: ORDER_SCHEMA, description: 'newest submitted first' },
});

export const ORDER_HISTORY_SCHEMA = object({
  orderId: TEXT,
  statuses: { type: 'array', items: object({ status: TEXT, updatedAt: INSTANT, recordedAt: INSTANT }) },
});

const FILL_SCHEMA = object({
  id: { type: 'string', description: 'Alpaca activity id: each fill is stored once' },
  orderId: TEXT,
  symbol: TEXT,
  side: { type: 'string', example: 'buy' },
  type: { type: 'string', enum: ['fill', 'partial_fill'] },
  price: DECIMAL,
  qty: DECIMAL,
  cumQty: DECIMAL,
  leavesQty: DECIMAL,
  orderStatus: TEXT,
  transactionTime: INSTANT,
});

export const FILLS_SCHEMA = object({
  since: { ...INSTANT, nullable: true },
  count: { type: 'integer' },
  fills: { type: 'array', items: FILL_SCHEMA, description: 'oldest first' },
});

export const ORDER_ID: SchemaObject = { type: 'string', pattern: '^[A-Za-z0-9-]{1,64}$' };
export const RFC3339_INSTANT: SchemaObject = {
  type: 'string',
  format: 'date-time',
  example: '2026-11-25T14:30:00Z',
  description: 'RFC 3339 with a zone',
};

export const MONITOR_STATUS_SCHEMA: SchemaObject = {
  type: 'object',
  description:
    'poll times and watermarks come from PostgreSQL, so every replica answers the same; each source gives up after 1 s',
  properties: {
    service: { type: 'string', example: 'alpaca-monitor' },
    version: TEXT,
    startedAt: INSTANT,
    uptimeSeconds: { type: 'integer' },
    pid: { type: 'integer' },
    trading: object({ mode: { type: 'string', enum: ['paper', 'live'] }, endpoint: TEXT }),
    monitoring: { type: 'string', enum: ['enabled', 'disabled'] },
    intervalSeconds: { type: 'integer' },
    lastSuccessfulPoll: { ...INSTANT, nullable: true },
    lanes: {
      type: 'object',
      description: 'per lane (account, positions, open-orders, orders, fills): lastSuccess and ageSeconds',
    },
    stale: { type: 'boolean' },
    staleAfterSeconds: { type: 'integer' },
    staleLanes: { type: 'array', items: TEXT },
    watermarks: object({
      ordersSubmittedAfter: { ...TEXT, nullable: true },
      fillsAfterId: { ...TEXT, nullable: true },
    }),
    calls: { type: 'object', description: "our call budget and Alpaca's own count on the latest call" },
    circuit: {
      ...object({ state: { type: 'string', example: 'closed' }, retryInMs: { type: 'integer' } }),
      nullable: true,
      description: "this process's breaker; null while monitoring is off",
    },
    queue: { type: 'object', nullable: true, description: 'job counts; null while monitoring is off' },
    rejections: { type: 'object', description: 'rows this process refused, with reasons' },
  },
};
