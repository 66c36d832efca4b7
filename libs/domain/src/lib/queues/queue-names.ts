/**
 * Queues shared by every replica. Each provider has exactly one queue whose
 * BullMQ limiter (kept in Redis) is that provider's call budget.
 */
export const QueueName = {
  PolygonCalls: 'polygon-calls',
  AlpacaCalls: 'alpaca-calls',
  /**
   * Alpaca market data for the polygon-ingestor. Its own queue (its handlers are the ingestor's), but not its
   * own budget: its worker takes every call's slot from the alpaca-calls limiter, the key's one budget.
   */
  AlpacaDataCalls: 'alpaca-data-calls',
  QualityChecks: 'quality-checks',
} as const;
export type QueueName = (typeof QueueName)[keyof typeof QueueName];
