import type { IsoDate } from '@mdi/domain';
import pl from 'nodejs-polars';
import type { CheckContext } from '../checks/quality-check';
import { isoDateOfDay } from '../loading/bar-frame';

/** One loaded symbol's counts, as the incremental run keeps them between runs. */
export interface SymbolSummary {
  readonly symbol: string;
  /** Every loaded bar of the symbol, sessions or not. */
  readonly bars: number;
  /** First and last session with a bar; null when every bar is off-session. */
  readonly firstSessionDay: IsoDate | null;
  readonly lastSessionDay: IsoDate | null;
  /** Sessions from the first to the last session with a bar, and how many of them have none. */
  readonly expected: number;
  readonly missing: number;
}

interface SummaryRow {
  symbol: string;
  bars: number;
  first_day: number | null;
  last_day: number | null;
  expected: number | null;
  present: number | null;
}

/** One row per loaded symbol (small: read into JS), in code-unit order of the symbol. */
export function symbolSummaries({ bars, symbols, ranges }: CheckContext): SymbolSummary[] {
  const rows = bars
    .lazy()
    .groupBy('sid')
    .agg(pl.len().cast(pl.Int64).alias('bars'))
    .join(symbols.lazy(), { on: 'sid' })
    .join(ranges.lazy().select('sid', 'first_day', 'last_day', 'expected', 'present'), { on: 'sid', how: 'left' })
    .sort('symbol')
    .collectSync()
    .toRecords() as unknown as SummaryRow[];
  return rows.map((row) => ({
    symbol: row.symbol,
    bars: Number(row.bars),
    firstSessionDay: row.first_day === null ? null : isoDateOfDay(row.first_day),
    lastSessionDay: row.last_day === null ? null : isoDateOfDay(row.last_day),
    expected: Number(row.expected ?? 0),
    missing: Number(row.expected ?? 0) - Number(row.present ?? 0),
  }));
}
