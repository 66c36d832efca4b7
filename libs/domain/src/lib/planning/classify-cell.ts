import type { TradingCalendar } from '../calendar/trading-calendar';
import type { IngestionStatus } from '../symbols/ingestion-status';
import { assertIsoDate, type IsoDate } from '../time/iso-date';
import { assertListingWindow, listingPosition, type ListingWindow } from './listing-window';

/**
 * The four things a (symbol, date) can be, kept apart on purpose:
 * - `market_closed`: no session that day; not a cell, nothing to fetch;
 * - `known_empty`: a session without a bar for this symbol, and we know it
 *   (outside its listing window, or the ledger says `no_data`, e.g. halted);
 * - `filled`: the ledger says `success`;
 * - `missing`: a bar should exist and we do not have it (no ledger row, the
 *   last attempt `failed`, or the provider had nothing for the session yet:
 *   `not_available`): the only state gap repair fetches.
 */
export type CellState = 'market_closed' | 'known_empty' | 'filled' | 'missing';

export type CellReason =
  | 'no_session'
  | 'before_listing'
  | 'after_delisting'
  | 'no_data'
  | 'success'
  | 'failed'
  | 'not_available'
  | 'not_recorded';

export interface CellClassification {
  readonly state: CellState;
  readonly reason: CellReason;
}

export interface ClassifyCellInput {
  readonly calendar: TradingCalendar;
  readonly listing: ListingWindow;
  readonly date: IsoDate;
  /** The ledger row's status for this symbol and date, or null when there is none. */
  readonly status: IngestionStatus | null;
}

/**
 * Precedence: the calendar first (a closed market has no cell, whatever a
 * stray ledger row says), then what the ledger recorded as fact (`success`,
 * `no_data`), then the listing window (a `failed` attempt outside it is still
 * known empty), and only then missing.
 */
export function classifyCell(input: ClassifyCellInput): CellClassification {
  assertIsoDate(input.date);
  assertListingWindow(input.listing);
  if (!input.calendar.isTradingDay(input.date)) {
    return { state: 'market_closed', reason: 'no_session' };
  }
  if (input.status === 'success') {
    return { state: 'filled', reason: 'success' };
  }
  if (input.status === 'no_data') {
    return { state: 'known_empty', reason: 'no_data' };
  }
  const position = listingPosition(input.listing, input.date);
  if (position !== 'listed') {
    return { state: 'known_empty', reason: position };
  }
  if (input.status === 'failed' || input.status === 'not_available') {
    return { state: 'missing', reason: input.status };
  }
  if (input.status !== null) {
    throw new RangeError(
      `status must be success, failed, no_data, not_available or null, got ${JSON.stringify(input.status)}`,
    );
  }
  return { state: 'missing', reason: 'not_recorded' };
}

/** True when gap repair should fetch the cell. */
export function needsFetch(classification: CellClassification): boolean {
  return classification.state === 'missing';
}
