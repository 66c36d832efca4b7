import { isPlainRecord } from '@mdi/domain';

/**
 * Paging Alpaca's GET /v2/orders, which has no cursor: the next page starts
 * at a submission time, and `after`/`until` are exclusive. Orders sharing the
 * last page's final `submitted_at` would be skipped by "after the last one",
 * so the next bound steps back (asc) or forward (desc) by 1 ms (our bounds
 * keep milliseconds, Alpaca's times microseconds), and the orders of the page
 * that the next answer will repeat are listed in `seen` and dropped from it.
 */
export interface OrdersCursor {
  readonly direction: 'asc' | 'desc';
  /** RFC 3339: `after` when ascending, `until` when descending. */
  readonly bound: string;
  /** Ids the next answer repeats from this page: dropped, never returned twice. */
  readonly seen: readonly string[];
  /** Set when a whole page shared one instant: paging went past it (see nextOrdersCursor). */
  readonly tiesSkipped?: boolean;
}

export function encodeOrdersCursor(cursor: OrdersCursor): string {
  return JSON.stringify({ d: cursor.direction, b: cursor.bound, s: cursor.seen });
}

/** The cursor, or the reason it is not one of ours. */
export function decodeOrdersCursor(text: string): OrdersCursor | string {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return 'orders cursor is not JSON';
  }
  if (!isPlainRecord(value)) return 'orders cursor must be an object';
  const { d, b, s } = value;
  if (d !== 'asc' && d !== 'desc') return 'orders cursor direction must be asc or desc';
  if (typeof b !== 'string' || !Number.isFinite(Date.parse(b))) return 'orders cursor bound must be an RFC 3339 time';
  if (!Array.isArray(s) || !s.every((id) => typeof id === 'string' && id.length > 0))
    return 'orders cursor seen must be a list of ids';
  return { direction: d, bound: b, seen: s as string[] };
}

interface TimedRow {
  readonly id: string | null;
  readonly submittedAt: string;
  readonly ms: number;
}

/**
 * The cursor after a full page (`rows` as Alpaca sent them, in `direction`
 * order), or null when no row carries a readable submitted_at. When every row
 * lies inside the 1 ms step, the next answer would be this same page again:
 * paging then moves to the exact last submitted_at (exclusive), which skips
 * any order sharing that instant beyond this page (`tiesSkipped`): more than a
 * page of orders (500) submitted in one millisecond.
 */
export function nextOrdersCursor(rows: readonly unknown[], direction: 'asc' | 'desc'): OrdersCursor | null {
  const timed: TimedRow[] = [];
  for (const row of rows) {
    if (!isPlainRecord(row) || typeof row['submitted_at'] !== 'string') continue;
    const ms = Date.parse(row['submitted_at']);
    if (!Number.isFinite(ms)) continue;
    timed.push({
      id: typeof row['id'] === 'string' && row['id'].length > 0 ? row['id'] : null,
      submittedAt: row['submitted_at'],
      ms,
    });
  }
  const last = timed[timed.length - 1];
  if (last === undefined) return null;
  const step = direction === 'asc' ? -1 : 1;
  const boundMs = last.ms + step;
  // Rows the next answer repeats: those not strictly beyond the stepped bound, at millisecond precision.
  const repeated = timed.filter((row) => (direction === 'asc' ? row.ms >= boundMs : row.ms <= boundMs));
  if (repeated.length === timed.length) {
    return { direction, bound: last.submittedAt, seen: [], tiesSkipped: true };
  }
  return {
    direction,
    bound: new Date(boundMs).toISOString(),
    seen: repeated.map((row) => row.id).filter((id): id is string => id !== null),
  };
}
