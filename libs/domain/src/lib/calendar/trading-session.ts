import type { IsoDate } from '../time/iso-date';

/**
 * One regular trading session. `open` and `close` are New York wall-clock
 * times "HH:MM" (09:30 to 16:00, or 13:00 on an early close), as Alpaca's
 * calendar spells them; use etInstant(date, close) for the instant.
 */
export interface TradingSession {
  readonly date: IsoDate;
  readonly open: string;
  readonly close: string;
}

export const REGULAR_OPEN = '09:30';
export const REGULAR_CLOSE = '16:00';
export const EARLY_CLOSE = '13:00';
