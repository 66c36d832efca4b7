import pl, { type DataFrame } from 'nodejs-polars';
import { dayNumberOf } from '../loading/bar-frame';

/** Per symbol, how many of these bars lie after its cut-off day (ISO dates): the bars an append added. */
export function barsAfter(bars: DataFrame, cutoffs: ReadonlyMap<string, string>): Map<string, number> {
  const cut = pl.DataFrame({
    symbol: [...cutoffs.keys()],
    cutoff: pl.Series('cutoff', [...cutoffs.values()].map(dayNumberOf), pl.Int32),
  });
  const counts = bars
    .lazy()
    .select('symbol', 'day')
    .join(cut.lazy(), { on: 'symbol' })
    .filter(pl.col('day').gt(pl.col('cutoff')))
    .groupBy('symbol')
    .agg(pl.len().alias('bars'))
    .collectSync();
  const symbols = counts.getColumn('symbol').toArray() as string[];
  const values = counts.getColumn('bars').toArray() as number[];
  return new Map(symbols.map((symbol, i) => [symbol, Number(values[i])]));
}
