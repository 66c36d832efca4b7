import pl, { type DataFrame, type DataType } from 'nodejs-polars';
import type { IsoDate } from '@mdi/domain';

/**
 * Columns of the bars frame every check reads. `day` is the bar's session
 * date (its timestamp read in America/New_York) as days since 1970-01-01, so
 * calendar joins are integer joins.
 */
export const BAR_FRAME_DTYPES = {
  symbol: pl.Utf8,
  day: pl.Int32,
  id: pl.Int64,
  open: pl.Float64,
  high: pl.Float64,
  low: pl.Float64,
  close: pl.Float64,
  volume: pl.Float64,
} as const;

/** The bars frame with each bar's market_data.source (a scope's `withSource`). */
export const BAR_FRAME_WITH_SOURCE_DTYPES = { ...BAR_FRAME_DTYPES, source: pl.Utf8 } as const;

export type BarColumn = keyof typeof BAR_FRAME_DTYPES;
export const BAR_COLUMNS = Object.keys(BAR_FRAME_DTYPES) as BarColumn[];

const DAY_MS = 86_400_000;

/** Day numbers already parsed: a run asks for the same few days for every symbol. */
const dayNumbers = new Map<IsoDate, number>();

export function dayNumberOf(date: IsoDate): number {
  let day = dayNumbers.get(date);
  if (day === undefined) {
    day = Date.parse(`${date}T00:00:00Z`) / DAY_MS;
    if (dayNumbers.size < 50_000) dayNumbers.set(date, day);
  }
  return day;
}

/** Dates already formatted: a run formats the same few thousand days for every symbol. */
const isoDates = new Map<number, IsoDate>();

export function isoDateOfDay(day: number): IsoDate {
  let date = isoDates.get(day);
  if (date === undefined) {
    date = new Date(day * DAY_MS).toISOString().slice(0, 10);
    // Days since 1970 up to 2100 are under 50,000 entries; anything beyond is not kept.
    if (isoDates.size < 50_000) isoDates.set(day, date);
  }
  return date;
}

/**
 * Which transaction last wrote each bar and where the bar came from, read
 * only where a check needs it: `batch` is the row's xmin, so rows with the
 * same value were written together; `source` is the bar's market_data.source.
 */
export const BATCH_FRAME_DTYPES = { id: pl.Int64, batch: pl.Int64, source: pl.Utf8 } as const;

/** A frame without rows, with these columns. */
export function emptyFrame(dtypes: Readonly<Record<string, DataType>>): DataFrame {
  return pl.DataFrame(
    Object.fromEntries(Object.entries(dtypes).map(([name, dtype]) => [name, pl.Series(name, [], dtype)])),
  );
}
