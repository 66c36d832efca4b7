import { FINAL_ORDER_STATUSES } from '../monitoring/monitor-lanes';

/** Alpaca's non-terminal order states (ALPACA.md): what status=open covers. */
export const OPEN_ORDER_STATUSES = [
  'new',
  'partially_filled',
  'pending_cancel',
  'pending_replace',
  'accepted',
  'pending_new',
  'accepted_for_bidding',
  'stopped',
  'suspended',
  'calculated',
  'held',
] as const;

/** ?status= of GET /orders: Alpaca's own groups, or one exact status. */
export const ORDER_STATUS_FILTERS = ['open', 'closed', 'all', ...OPEN_ORDER_STATUSES, ...FINAL_ORDER_STATUSES] as const;
export type OrderStatusQuery = (typeof ORDER_STATUS_FILTERS)[number];

/** The statuses to select, or null for every order. */
export function statusesFor(filter: OrderStatusQuery): readonly string[] | null {
  if (filter === 'all') return null;
  if (filter === 'open') return OPEN_ORDER_STATUSES;
  if (filter === 'closed') return FINAL_ORDER_STATUSES;
  return [filter];
}
