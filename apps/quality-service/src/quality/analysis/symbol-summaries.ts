import type { IsoDate } from '@mdi/domain';
import type { PriceWindow } from '@mdi/storage';
import pl from 'nodejs-polars';
import type { CheckContext } from '../checks/quality-check';
import { PRICE_JUMP_RULES } from '../checks/price-jump.rules';
import { priceJumpLogClose } from '../checks/price-jump.check';
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
  /** Those bars as the check read them (days, ln of closes, the last close); null with fewer. */
  readonly priceWindow: PriceWindow | null;
}

interface SummaryRow {
  symbol: string;
  bars: number;
  last_bar_day: number;
  window_start_day: number | null;
  window_days: number[] | null;
  window_log_closes: number[] | null;
  window_last_close: number | null;
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
    .agg(
      pl.col('day').tail(reach).alias('window_days'),
      priceJumpLogClose().tail(reach).alias('window_log_closes'),
      pl.col('close').last().alias('window_last_close'),
    )
    .filter(pl.col('window_days').lst.lengths().eq(reach))
    .select(
      'sid',
      pl.col('window_days').lst.first().alias('window_start_day'),
      'window_days',
      'window_log_closes',
      'window_last_close',
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
    priceWindow:
      row.window_days === null || row.window_log_closes === null || row.window_last_close === null
        ? null
        : {
            days: Int32Array.from(row.window_days),
            logCloses: Float64Array.from(row.window_log_closes),
            lastClose: row.window_last_close,
          },
  }));
}
