import type { TradingCalendar } from '../calendar/trading-calendar';
import { assertIsoDate, type IsoDate } from '../time/iso-date';
import type { LedgerCell } from './fill-plan';
import { assertListingWindow, type ListingWindow } from './listing-window';

export interface ExpectedCellsInput {
  readonly calendar: TradingCalendar;
  /** Both inclusive. */
  readonly from: IsoDate;
  readonly to: IsoDate;
  readonly symbols: readonly ListingWindow[];
}

/**
 * The cells that should hold a bar: every trading session in [from, to]
 * inside each symbol's listing window, sorted by symbol then date. Weekends
 * and holidays are not cells at all (market closed), and sessions outside the
 * listing window are known empty, so neither is ever reported as missing.
 * A session date outside the calendar's coverage throws: the calendar does
 * not guess "closed".
 */
export function expectedCells(input: ExpectedCellsInput): LedgerCell[] {
  const sessions = sessionDates(input);
  const listings = sortedListings(input.symbols);
  const cells: LedgerCell[] = [];
  for (const { symbol, listedFrom, delistedOn } of listings) {
    const first = listedFrom ? lowerBound(sessions, listedFrom) : 0;
    const end = delistedOn ? lowerBound(sessions, delistedOn) : sessions.length;
    for (let i = first; i < end; i++) {
      cells.push({ symbol, date: sessions[i] });
    }
  }
  return cells;
}

/** The trading session dates in [from, to], ascending. */
export function sessionDates(input: Pick<ExpectedCellsInput, 'calendar' | 'from' | 'to'>): IsoDate[] {
  assertIsoDate(input.from, 'from');
  assertIsoDate(input.to, 'to');
  if (input.from > input.to) {
    throw new RangeError(`from ${input.from} is after to ${input.to}`);
  }
  return input.calendar.sessionsBetween(input.from, input.to).map((session) => session.date);
}

/** Validated and sorted by symbol; a symbol listed twice is ambiguous and throws. */
export function sortedListings(listings: readonly ListingWindow[]): ListingWindow[] {
  const seen = new Set<string>();
  listings.forEach((listing, i) => {
    assertListingWindow(listing, `symbols[${i}]`);
    if (seen.has(listing.symbol)) {
      throw new RangeError(`symbols[${i}]: ${listing.symbol} is listed twice`);
    }
    seen.add(listing.symbol);
  });
  return [...listings].sort((a, b) => (a.symbol < b.symbol ? -1 : a.symbol > b.symbol ? 1 : 0));
}

/** First index whose date is >= `date` in an ascending array. */
function lowerBound(dates: readonly IsoDate[], date: IsoDate): number {
  let lo = 0;
  let hi = dates.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (dates[mid] < date) {
      lo = mid + 1;
    } else {
      hi = mid;
    }
  }
  return lo;
}
