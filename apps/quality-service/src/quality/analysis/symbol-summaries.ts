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

/**
 * One row per loaded symbol (small: read into JS column by column), in code-unit
 * order of the symbol. `priceWindows` false: every window is null (a run that
 * extends stored windows over a few new bars has no use for the suffix's own).
 */
export function symbolSummaries(
  { bars, ordered, symbols, ranges }: CheckContext,
  { priceWindows = true }: { readonly priceWindows?: boolean } = {},
): SymbolSummary[] {
  const reach = PRICE_JUMP_RULES.volatilityWindow + 1;
  const perSymbol = bars
    .lazy()
    .groupBy('sid')
    .agg(pl.len().cast(pl.Int64).alias('bars'), pl.col('day').max().alias('last_bar_day'))
    .join(symbols.lazy(), { on: 'sid' })
    .join(ranges.lazy().select('sid', 'first_day', 'last_day', 'expected', 'present'), { on: 'sid', how: 'left' });
  // `ordered` is sorted by (sid, day): each symbol's last `reach` priced bars are its tail.
  const withWindows = priceWindows
    ? perSymbol.join(
        ordered
          .lazy()
          .filter(pricedBar())
          .groupBy('sid')
          .agg(
            pl.col('day').tail(reach).alias('window_days'),
            priceJumpLogClose().tail(reach).alias('window_log_closes'),
            pl.col('close').last().alias('window_last_close'),
          )
          .filter(pl.col('window_days').lst.lengths().eq(reach)),
        { on: 'sid', how: 'left' },
      )
    : perSymbol;
  const frame = withWindows.sort('symbol').collectSync();
  const column = <T>(name: string) => frame.getColumn(name).toArray() as T[];
  const symbol = column<string>('symbol');
  const barCount = column<number | bigint>('bars');
  const lastBarDay = column<number>('last_bar_day');
  const firstDay = column<number | null>('first_day');
  const lastDay = column<number | null>('last_day');
  const expected = column<number | bigint | null>('expected');
  const present = column<number | bigint | null>('present');
  const windowDays = priceWindows ? column<number[] | null>('window_days') : null;
  const windowLogs = priceWindows ? column<number[] | null>('window_log_closes') : null;
  const windowLastClose = priceWindows ? column<number | null>('window_last_close') : null;
  return symbol.map((name, i) => {
    const days = windowDays?.[i] ?? null;
    const logs = windowLogs?.[i] ?? null;
    const lastClose = windowLastClose?.[i] ?? null;
    return {
      symbol: name,
      bars: Number(barCount[i]),
      firstSessionDay: firstDay[i] === null ? null : isoDateOfDay(firstDay[i] as number),
      lastSessionDay: lastDay[i] === null ? null : isoDateOfDay(lastDay[i] as number),
      lastBarDay: isoDateOfDay(lastBarDay[i]),
      windowStartDay: days === null ? null : isoDateOfDay(days[0]),
      expected: Number(expected[i] ?? 0),
      missing: Number(expected[i] ?? 0) - Number(present[i] ?? 0),
      priceWindow:
        days === null || logs === null || lastClose === null
          ? null
          : { days: Int32Array.from(days), logCloses: Float64Array.from(logs), lastClose },
    };
  });
}
