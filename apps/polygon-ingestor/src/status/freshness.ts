import { addDays, type IsoDate, type TradingCalendar } from '@mdi/domain';

/** How many symbols /status names individually (the most behind first). */
const BEHIND_LISTED = 10;

export interface Freshness {
  /** The last session Polygon has published (what "fresh" means). */
  readonly lastCompletedSession: IsoDate;
  /** The newest session stored for any active symbol. */
  readonly newestStored: IsoDate | null;
  readonly symbols: number;
  readonly symbolsCurrent: number;
  readonly symbolsBehind: number;
  /** The symbols furthest behind: their newest stored session and how many sessions they miss since. */
  readonly behind: readonly { symbol: string; newestStored: IsoDate | null; sessionsBehind: number | null }[];
}

/**
 * Freshness per symbol and overall: each active symbol's newest stored
 * session against the last completed one. A symbol without any bar is
 * behind by an unknown number of sessions (null), listed first.
 */
export function freshnessOf(
  newest: ReadonlyMap<string, IsoDate | null>,
  lastCompletedSession: IsoDate,
  calendar: TradingCalendar,
): Freshness {
  const entries = [...newest.entries()];
  const behind = entries
    .filter(([, date]) => date === null || date < lastCompletedSession)
    .map(([symbol, date]) => ({
      symbol,
      newestStored: date,
      sessionsBehind: date === null ? null : calendar.sessionsBetween(addDays(date, 1), lastCompletedSession).length,
    }))
    .sort(
      (a, b) => (b.sessionsBehind ?? Infinity) - (a.sessionsBehind ?? Infinity) || a.symbol.localeCompare(b.symbol),
    );
  const stored = entries.map(([, date]) => date).filter((d): d is IsoDate => d !== null);
  return {
    lastCompletedSession,
    newestStored: stored.length === 0 ? null : stored.reduce((a, b) => (a > b ? a : b)),
    symbols: entries.length,
    symbolsCurrent: entries.length - behind.length,
    symbolsBehind: behind.length,
    behind: behind.slice(0, BEHIND_LISTED),
  };
}
