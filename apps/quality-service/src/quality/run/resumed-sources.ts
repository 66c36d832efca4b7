import pl from 'nodejs-polars';
import type { CheckContext } from '../checks/quality-check';
import { dayNumberOf } from '../loading/bar-frame';

/**
 * Extended symbols one of whose sources has bars after the symbol's last
 * session but none on it: a source that lagged and resumed (or one new to the
 * symbol). The reconciliation checks compare two sources over the span both
 * cover, which ends at the earlier of their last bars; a lagging source that
 * resumes moves that end past sessions before the symbol's last one, so
 * sessions the baseline had outside the span come inside it. Only the whole
 * history can judge those, so these symbols are loaded whole; a source that
 * had a bar on the last session never moves the span back there.
 * The bars must carry their source (BAR_FRAME_WITH_SOURCE_DTYPES);
 * `lastSessionDays` each extended symbol's last session before the change.
 */
export function symbolsWithResumedSource(
  { bars, symbols }: Pick<CheckContext, 'bars' | 'symbols'>,
  lastSessionDays: ReadonlyMap<string, string>,
): string[] {
  const last = pl.DataFrame({
    symbol: [...lastSessionDays.keys()],
    last: pl.Series('last', [...lastSessionDays.values()].map(dayNumberOf), pl.Int32),
  });
  return bars
    .lazy()
    .select('sid', 'day', 'source')
    .join(symbols.lazy(), { on: 'sid' })
    .join(last.lazy(), { on: 'symbol' })
    .groupBy(['symbol', 'source'])
    .agg(
      pl.col('day').eq(pl.col('last')).cast(pl.Int32).sum().alias('on_last'),
      pl.col('day').gt(pl.col('last')).cast(pl.Int32).sum().alias('after'),
    )
    .filter(pl.col('after').gt(0).and(pl.col('on_last').eq(0)))
    .select('symbol')
    .unique()
    .sort('symbol')
    .collectSync()
    .getColumn('symbol')
    .toArray() as string[];
}
