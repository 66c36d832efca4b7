import {
  distinctSplits,
  factorAfter,
  addDays,
  type ExactRatio,
  type MarketDataSource,
  type StockSplit,
} from '@mdi/domain';
import { BAR_EXPORT_COLUMNS, type CopyRows } from '@mdi/storage';
import pl, { type DataFrame, type DataType, type Expr } from 'nodejs-polars';

/** Bytes of COPY rows parsed at a time: peak memory holds one chunk of text, not the whole answer. */
export const EXPORT_CHUNK_BYTES = 32 * 1024 * 1024;

/** The columns of storage's COPY rows (BAR_EXPORT_COLUMNS), as polars reads them. */
const COPY_DTYPES: Record<(typeof BAR_EXPORT_COLUMNS)[number], DataType> = {
  symbol: pl.Utf8,
  day: pl.Int32,
  epoch_ms: pl.Int64,
  open: pl.Float64,
  high: pl.Float64,
  low: pl.Float64,
  close: pl.Float64,
  volume: pl.Float64,
};

/**
 * The columns of every export, in order, with their types. Prices and volumes
 * are Float64 (NUMERIC(18,6) and NUMERIC(25,6) fit a double's 15-16
 * significant digits for every realistic value); `timestamp` is the stored
 * instant (the session's midnight in New York), `date` that session.
 * `vwap` and `transactions` are always null: Polygon sends them, the store
 * does not keep them, and a backtest must not read an invented value.
 * `split_factor` is what the prices were multiplied by (volumes divided by):
 * 1 in a raw export and for bars no later split touches.
 */
export const EXPORT_COLUMNS: Readonly<Record<string, DataType>> = {
  symbol: pl.Utf8,
  date: pl.Date,
  timestamp: pl.Datetime('ms', 'UTC'),
  open: pl.Float64,
  high: pl.Float64,
  low: pl.Float64,
  close: pl.Float64,
  volume: pl.Float64,
  vwap: pl.Float64,
  transactions: pl.Int64,
  source: pl.Utf8,
  adjusted: pl.Bool,
  split_factor: pl.Float64,
};

/** Fraction digits of adjusted prices and volumes: the bars API's (ADJUSTED_PRICE_SCALE, the columns' scale). */
const ADJUSTED_SCALE = 6;
const DAY_MS = 86_400_000;

/**
 * Storage's COPY rows parsed chunk by chunk with polars' CSV reader into one
 * frame (COPY_DTYPES). ignoreErrors is off: a value polars could not parse
 * must fail the export, never become a silent null.
 */
export async function readCopyRows(copy: CopyRows, chunkBytes = EXPORT_CHUNK_BYTES): Promise<DataFrame> {
  const frames: DataFrame[] = [];
  const rows = await copy({
    chunkBytes,
    onRows: (text) =>
      frames.push(pl.readCSV(text, { hasHeader: false, sep: '\t', schema: COPY_DTYPES, ignoreErrors: false })),
  });
  const frame =
    frames.length === 0
      ? pl.DataFrame(Object.entries(COPY_DTYPES).map(([name, dtype]) => pl.Series(name, [], dtype)))
      : frames.length === 1
        ? frames[0]
        : pl.concat(frames, { how: 'vertical' });
  if (frame.height !== rows) throw new Error(`export frame has ${frame.height} rows, COPY sent ${rows}`);
  return frame;
}

/** The export's columns (EXPORT_COLUMNS) from the COPY rows, sorted by symbol and date. */
export function exportFrame(
  rows: DataFrame,
  options: { readonly source: MarketDataSource; readonly adjusted: boolean; readonly splits: readonly StockSplit[] },
): DataFrame {
  const columns = (part: DataFrame, factor: Expr) => exportColumns(part, factor, options);
  if (!options.adjusted) return columns(rows, pl.lit(1.0)).sort(['symbol', 'date']);
  const { symbols, factor } = splitFactor(options.splits);
  if (symbols.length === 0) return columns(rows, pl.lit(1.0)).sort(['symbol', 'date']);
  // Only the rows of symbols with a split are matched against the per-split branches; the others take 1.
  const split = pl.col('symbol').isIn(symbols);
  return pl
    .concat([columns(rows.filter(split), factor), columns(rows.filter(split.not()), pl.lit(1.0))], {
      how: 'vertical',
    })
    .sort(['symbol', 'date']);
}

function exportColumns(
  rows: DataFrame,
  factor: Expr,
  options: { readonly source: MarketDataSource; readonly adjusted: boolean },
): DataFrame {
  const price = (name: string) =>
    (options.adjusted ? pl.col(name).mul(factor).round(ADJUSTED_SCALE) : pl.col(name)).alias(name);
  const volume = options.adjusted ? pl.col('volume').div(factor).round(ADJUSTED_SCALE) : pl.col('volume');
  return rows.select(
    pl.col('symbol'),
    pl.col('day').cast(pl.Date).alias('date'),
    pl.col('epoch_ms').cast(EXPORT_COLUMNS['timestamp']).alias('timestamp'),
    price('open'),
    price('high'),
    price('low'),
    price('close'),
    volume.alias('volume'),
    pl.lit(null).cast(pl.Float64).alias('vwap'),
    pl.lit(null).cast(pl.Int64).alias('transactions'),
    pl.lit(options.source).cast(pl.Utf8).alias('source'),
    pl.lit(options.adjusted).cast(pl.Bool).alias('adjusted'),
    factor.cast(pl.Float64).alias('split_factor'),
  );
}

/**
 * The price factor of each row of the symbols with splits, from the domain's
 * factorAfter (the one the bars API applies): per symbol, one branch per
 * execution date, "before this split" giving the exact product of it and
 * every later one, converted to a double once. Bars on or after a symbol's
 * last split take 1.
 */
function splitFactor(splits: readonly StockSplit[]): { symbols: string[]; factor: Expr } {
  const bySymbol = new Map<string, StockSplit[]>();
  for (const split of splits) bySymbol.set(split.symbol, [...(bySymbol.get(split.symbol) ?? []), split]);
  const branches: { when: Expr; factor: number }[] = [];
  for (const [symbol, own] of bySymbol) {
    const ordered = distinctSplits(own);
    for (const split of ordered) {
      branches.push({
        when: pl
          .col('symbol')
          .eq(pl.lit(symbol))
          .and(pl.col('day').lt(pl.lit(dayNumber(split.executionDate)))),
        factor: toDouble(factorAfter(addDays(split.executionDate, -1), ordered)),
      });
    }
  }
  const [first, ...rest] = branches;
  if (first === undefined) return { symbols: [], factor: pl.lit(1.0) };
  let chain = pl.when(first.when).then(pl.lit(first.factor));
  for (const branch of rest) chain = chain.when(branch.when).then(pl.lit(branch.factor));
  return { symbols: [...bySymbol.keys()], factor: chain.otherwise(pl.lit(1.0)) };
}

function dayNumber(date: string): number {
  return Date.parse(`${date}T00:00:00Z`) / DAY_MS;
}

function toDouble(ratio: ExactRatio): number {
  return Number(ratio.numerator) / Number(ratio.denominator);
}
