import type { IsoDate } from '../time/iso-date';

export const MARKET_HOLIDAY_STATUSES = ['closed', 'early-close'] as const;
export type MarketHolidayStatus = (typeof MARKET_HOLIDAY_STATUSES)[number];

/** An announced exchange holiday or early close (Polygon /v1/marketstatus/upcoming). */
export interface MarketHoliday {
  readonly date: IsoDate;
  /** NYSE, NASDAQ or OTC, as the provider names it. */
  readonly exchange: string;
  readonly name: string;
  readonly status: MarketHolidayStatus;
  /** Only for early closes. */
  readonly open: Date | null;
  readonly close: Date | null;
}
