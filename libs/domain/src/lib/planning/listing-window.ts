import { symbolProblem } from '../market-data/symbol-rule';
import { assertIsoDate, type IsoDate } from '../time/iso-date';

/**
 * When a symbol traded: sessions from `listedFrom` (inclusive, first session
 * with a bar; unknown = since forever) up to `delistedOn` (exclusive, the
 * first date it no longer trades, as Polygon's `delisted_utc` gives it;
 * unknown = still listed). Sessions outside the window are known empty.
 */
export interface ListingWindow {
  readonly symbol: string;
  readonly listedFrom?: IsoDate | null;
  readonly delistedOn?: IsoDate | null;
}

/** Throws a RangeError naming the field when a window is malformed. */
export function assertListingWindow(listing: ListingWindow, what = 'listing'): void {
  const problem = symbolProblem(listing.symbol, `${what}.symbol`);
  if (problem) {
    throw new RangeError(problem);
  }
  const { listedFrom, delistedOn } = listing;
  if (listedFrom !== undefined && listedFrom !== null) {
    assertIsoDate(listedFrom, `${what}.listedFrom`);
  }
  if (delistedOn !== undefined && delistedOn !== null) {
    assertIsoDate(delistedOn, `${what}.delistedOn`);
  }
  if (listedFrom && delistedOn && listedFrom > delistedOn) {
    throw new RangeError(`${what} ${listing.symbol}: listedFrom ${listedFrom} is after delistedOn ${delistedOn}`);
  }
}

/** Where `date` lies relative to the listing window. */
export function listingPosition(
  listing: ListingWindow,
  date: IsoDate,
): 'before_listing' | 'listed' | 'after_delisting' {
  if (listing.listedFrom && date < listing.listedFrom) {
    return 'before_listing';
  }
  if (listing.delistedOn && date >= listing.delistedOn) {
    return 'after_delisting';
  }
  return 'listed';
}
