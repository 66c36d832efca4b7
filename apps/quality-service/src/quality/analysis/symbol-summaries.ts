import type { IsoDate } from '@mdi/domain';
import pl from 'nodejs-polars';
import type { CheckContext } from '../checks/quality-check';
import { PRICE_JUMP_RULES } from '../checks/price-jump.rules';
import { pricedBar } from '../checks/priced-bar';
import { isoDateOfDay } from '../loading/bar-frame';

/** One loaded symbol's counts, as the incremental run keeps them between runs. */
export interface SymbolSummary {
  readonly symbol: string;
  /** Every loaded bar of the symbol, sessions or not. */
  readonly bars: number;
  /** First and last session with a bar; null when every bar is off-session. */
  readonly firstSessionDay: IsoDate | null;
  readonly lastSessionDay: IsoDate | null;
  /** The day of its newest bar, session or not. */
  readonly lastBarDay: IsoDate;
  /**
   * The day of the oldest of its last `volatilityWindow + 1` bars the price-jump
   * check reads (first bar of a session, positive finite close): loading from
   * it gives the returns its next session is judged by. Null with fewer.
   */
  readonly windowStartDay: IsoDate | null;
  /** Sessions from the first to the last session with a bar, and how many of them have none. */
  readonly expected: number;
  readonly missing: number;
}

interface SummaryRow {
  symbol: string;
  bars: number;
  last_bar_day: number;
  window_start_day: number | null;
  first_day: number | null;
  last_day: number | null;
  expected: number | null;
  present: number | null;
}

/** One row per loaded symbol (small: read into JS), in code-unit order of the symbol. */
export function symbolSummaries({ bars, ordered, symbols, ranges }: CheckContext): SymbolSummary[] {
  const reach = PRICE_JUMP_RULES.volatilityWindow + 1;
  // `ordered` is sorted by (sid, day): each symbol's last `reach` priced bars are its tail.
  const windows = ordered
    .lazy()
    .filter(pricedBar())
    .groupBy('sid')
    .agg(pl.col('day').tail(reach).first().alias('tail_start'), pl.len().alias('priced'))
    .select(
      'sid',
      pl
        .when(pl.col('priced').gtEq(reach))
        .then(pl.col('tail_start'))
        .otherwise(pl.lit(null))
        .alias('window_start_day'),
    );
  const rows = bars
    .lazy()
    .groupBy('sid')
    .agg(pl.len().cast(pl.Int64).alias('bars'), pl.col('day').max().alias('last_bar_day'))
    .join(symbols.lazy(), { on: 'sid' })
    .join(windows, { on: 'sid', how: 'left' })
    .join(ranges.lazy().select('sid', 'first_day', 'last_day', 'expected', 'present'), { on: 'sid', how: 'left' })
    .sort('symbol')
    .collectSync()
    .toRecords() as unknown as SummaryRow[];
  return rows.map((row) => ({
    symbol: row.symbol,
    bars: Number(row.bars),
    firstSessionDay: row.first_day === null ? null : isoDateOfDay(row.first_day),
    lastSessionDay: row.last_day === null ? null : isoDateOfDay(row.last_day),
    lastBarDay: isoDateOfDay(row.last_bar_day),
    windowStartDay: row.window_start_day === null ? null : isoDateOfDay(row.window_start_day),
    expected: Number(row.expected ?? 0),
    missing: Number(row.expected ?? 0) - Number(row.present ?? 0),
  }));
}
