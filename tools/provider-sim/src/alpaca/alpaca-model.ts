export type Side = 'buy' | 'sell';

export interface LedgerFill {
  id: string;
  orderId: string;
  symbol: string;
  side: Side;
  price: number;
  qty: number;
  cumQty: number;
  leavesQty: number;
  timeMs: number;
  /** RFC3339 UTC with microseconds, fixed at creation. */
  time: string;
}

export interface LedgerOrder {
  id: string;
  clientOrderId: string;
  symbol: string;
  assetId: string;
  side: Side;
  type: 'market' | 'limit';
  timeInForce: 'day' | 'gtc';
  qty: number;
  limitPrice?: number;
  submittedMs: number;
  submitted: string;
  created: string;
  canceled?: string;
  canceledMs?: number;
  expires: string;
  fills: LedgerFill[];
}

export const OPEN_STATUSES = ['new', 'partially_filled', 'accepted', 'pending_new'];

export function filledQty(order: LedgerOrder): number {
  return order.fills.reduce((sum, f) => sum + f.qty, 0);
}

export function orderStatus(order: LedgerOrder): string {
  if (order.canceled) return 'canceled';
  const filled = filledQty(order);
  if (filled >= order.qty) return 'filled';
  return filled > 0 ? 'partially_filled' : 'new';
}

/** Decimal string without float noise or trailing zeros: 216.8020 -> "216.802". */
export function decimal(x: number, places = 4): string {
  const fixed = x.toFixed(places);
  const trimmed = fixed.includes('.') ? fixed.replace(/0+$/, '').replace(/\.$/, '') : fixed;
  return trimmed === '-0' ? '0' : trimmed;
}
