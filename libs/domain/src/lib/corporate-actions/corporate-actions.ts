import type { DecimalString } from '../shared/decimal-string';
import type { IsoDate } from '../time/iso-date';

/**
 * A split: `splitFrom` old shares became `splitTo` new shares on
 * `executionDate` (a 4-for-1 split is from 1, to 4). Bars before that date
 * are stored unadjusted; adjustment is applied on read.
 */
export interface StockSplit {
  readonly symbol: string;
  readonly executionDate: IsoDate;
  readonly splitFrom: number;
  readonly splitTo: number;
}

export interface CashDividend {
  readonly symbol: string;
  readonly exDividendDate: IsoDate;
  /** Per share, in the dividend's currency (USD for US listings). */
  readonly cashAmount: DecimalString;
  readonly payDate: IsoDate | null;
  readonly declarationDate: IsoDate | null;
  /** Payments per year (0 one-off, 1, 2, 4, 12), when known. */
  readonly frequency: number | null;
  /** CD regular cash, SC special cash, LT/ST capital gains, when known. */
  readonly dividendType: string | null;
}
