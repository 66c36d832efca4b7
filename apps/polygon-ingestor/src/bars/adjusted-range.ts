import { addDays, type IsoDate } from '@mdi/domain';

/** The dates the splits ledger covers (corporate_action_coverage of `split`). */
export interface SplitsCoverage {
  readonly from: IsoDate;
  readonly through: IsoDate;
}

/**
 * The part of [from, to] a split-adjusted series may cover: bar d needs every
 * split in (d, last], which the ledger knows when coverage.from <= d + 1 and
 * last <= coverage.through. A bar outside could follow a split the ledger does
 * not know yet, so it is left out rather than mixed with wrongly scaled
 * history. `first > last` means no date qualifies.
 */
export function adjustableRange(
  from: IsoDate,
  to: IsoDate,
  coverage: SplitsCoverage,
): { first: IsoDate; last: IsoDate } {
  const earliest = addDays(coverage.from, -1);
  return { first: from > earliest ? from : earliest, last: to < coverage.through ? to : coverage.through };
}

/** The 409 of an adjusted read before the splits ledger was ever loaded. */
export const SPLITS_NOT_LOADED =
  'the splits ledger has not been loaded yet: no adjusted series can be served (run a corporate-actions refresh)';
