/**
 * Queues shared by every replica. Each provider has exactly one queue whose
 * BullMQ limiter (kept in Redis) is that provider's call budget.
 */
export const QueueName = {
  PolygonCalls: 'polygon-calls',
  AlpacaCalls: 'alpaca-calls',
  QualityChecks: 'quality-checks',
} as const;
export type QueueName = (typeof QueueName)[keyof typeof QueueName];
