import type { IsoDate } from '@mdi/domain';

/** One bar as the per-row checks read it: its New York session date and plain numbers. */
export interface PerRowBar {
  readonly symbol: string;
  readonly date: IsoDate;
  readonly id: number;
  /** The transaction that wrote the row (its xmin): rows with the same value were written together. */
  readonly batch: number;
  /** market_data.source: two sources' bars of one session are two series, not a duplicate. */
  readonly source: string;
  readonly open: number;
  readonly high: number;
  readonly low: number;
  readonly close: number;
  readonly volume: number;
}

/**
 * A market_data row exactly as node-postgres returns it (timestamptz as a
 * Date, BIGINT, xid and NUMERIC as text): the per-row checks do their own
 * conversion, so a conversion bug of the vectorised load cannot hide here.
 */
export interface StoredBarRow {
  readonly symbol: string;
  readonly timestamp: Date;
  readonly id: string;
  readonly batch: string;
  readonly source: string;
  readonly open: string;
  readonly high: string;
  readonly low: string;
  readonly close: string;
  readonly volume: string;
}

/** 'en-CA' formats a date as YYYY-MM-DD. */
const NEW_YORK_DATE = new Intl.DateTimeFormat('en-CA', {
  timeZone: 'America/New_York',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
});

/** Daily bars share a few hundred distinct timestamps: each is converted once. */
export function toPerRowBars(rows: readonly StoredBarRow[]): PerRowBar[] {
  const dates = new Map<number, IsoDate>();
  const sessionDate = (timestamp: Date): IsoDate => {
    const instant = timestamp.getTime();
    let date = dates.get(instant);
    if (date === undefined) dates.set(instant, (date = NEW_YORK_DATE.format(timestamp)));
    return date;
  };
  return rows.map((row) => ({
    symbol: row.symbol,
    date: sessionDate(row.timestamp),
    id: Number(row.id),
    batch: Number(row.batch),
    source: row.source,
    open: Number(row.open),
    high: Number(row.high),
    low: Number(row.low),
    close: Number(row.close),
    volume: Number(row.volume),
  }));
}
