/**
 * What one poll slot fetches. Each lane is one queued call (or one paged
 * listing) per slot; its name is also the key of its "last successful poll".
 */
export const MONITOR_LANES = ['account', 'positions', 'open-orders', 'orders', 'fills'] as const;
export type MonitorLane = (typeof MONITOR_LANES)[number];

/** monitor_watermarks rows: poll cursors, and the time each lane last succeeded. */
export const WatermarkName = {
  /** ISO instant: every order submitted at or before it is stored in a final state. */
  orders: 'alpaca:orders:submitted-after',
  /** Activity id: every fill up to it is stored. */
  fills: 'alpaca:fills:after-id',
  lastSuccess: (lane: MonitorLane) => `alpaca:poll:${lane}`,
} as const;

export const LAST_SUCCESS_PREFIX = 'alpaca:poll:';

/** Alpaca's terminal order states (ALPACA.md): an order in one never changes again. */
export const FINAL_ORDER_STATUSES = ['filled', 'canceled', 'expired', 'rejected', 'replaced', 'done_for_day'] as const;

/**
 * A row can become visible at Alpaca a little after rows with later
 * timestamps; cursors stay this far behind "now" so such a row is read on a
 * later poll instead of being skipped. Re-reading is free: writes are idempotent.
 */
export const VISIBILITY_LAG_MS = 5_000;
