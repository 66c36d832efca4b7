import { isPlainRecord, parseRfc3339, type Fill, type Order } from '@mdi/domain';
import type { RejectedProviderRow } from '@mdi/providers';

/*
 * Where the next poll may start, computed from one page the handler has just
 * stored. A cursor only claims what is stored: it stops before a row we could
 * not read (so that row is fetched again, not skipped) and before rows too
 * recent to be sure nothing older is still to appear (VISIBILITY_LAG_MS).
 * null = do not move.
 */

/** The id of the last fill of the longest stored run that is safe to pass. */
export function nextFillsWatermark(
  fills: readonly Fill[],
  rejected: readonly RejectedProviderRow[],
  now: Date,
  lagMs: number,
): string | null {
  let limit: string | null = null;
  for (const row of blocking(rejected)) {
    const id = isPlainRecord(row.row) ? row.row['id'] : undefined;
    if (typeof id !== 'string' || id.length === 0) return null;
    if (limit === null || id < limit) limit = id;
  }
  const newest = now.getTime() - lagMs;
  let mark: string | null = null;
  for (const fill of [...fills].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0))) {
    if ((limit !== null && fill.id >= limit) || fill.transactionTime.getTime() > newest) break;
    mark = fill.id;
  }
  return mark;
}

/**
 * The submission instant (exclusive `after` of the next poll) up to which
 * every order is stored and final: the newest order of this page that is
 * safe to pass, held back to just before the oldest order still open.
 */
export function nextOrdersWatermark(
  orders: readonly Order[],
  rejected: readonly RejectedProviderRow[],
  oldestOpen: Date | null,
  now: Date,
  lagMs: number,
): string | null {
  let limit = Number.POSITIVE_INFINITY;
  for (const row of blocking(rejected)) {
    const parsed = parseRfc3339(isPlainRecord(row.row) ? row.row['submitted_at'] : undefined, 'submitted_at');
    if ('problem' in parsed) return null;
    limit = Math.min(limit, parsed.instant.getTime());
  }
  const newest = now.getTime() - lagMs;
  let mark = Number.NEGATIVE_INFINITY;
  for (const order of [...orders].sort((a, b) => a.submittedAt.getTime() - b.submittedAt.getTime())) {
    const at = order.submittedAt.getTime();
    if (at >= limit || at > newest) break;
    mark = at;
  }
  // Alpaca's `after` is exclusive and keeps microseconds; we keep milliseconds, so one less re-reads, never skips.
  if (oldestOpen !== null) mark = Math.min(mark, oldestOpen.getTime() - 1);
  return Number.isFinite(mark) ? new Date(mark).toISOString() : null;
}

/** An exact repeat of a stored row holds nothing back; every other refused row does. */
function blocking(rejected: readonly RejectedProviderRow[]): RejectedProviderRow[] {
  return rejected.filter((r) => !r.reasons.every((reason) => reason.startsWith('duplicate of an earlier row')));
}
