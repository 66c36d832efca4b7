// Types only from the libraries: the export's worker thread loads this module with nodejs-polars and nothing else.
import type { MarketDataSource } from '@mdi/domain';
import type { BAR_EXPORT_COLUMNS, BarColumns, CopyBarColumns, CopyRows } from '@mdi/storage';
import pl, { type DataFrame, type DataType } from 'nodejs-polars';
import { collectBarColumns, EXPORT_CHUNK_ROWS } from './owned-bar-columns';
import type { SplitFactorTable } from './split-factor-table';

/** Bytes of COPY rows parsed at a time: peak memory holds one chunk of text, not the whole answer. */
export const EXPORT_CHUNK_BYTES = 32 * 1024 * 1024;

/** The columns of storage's COPY rows (BAR_EXPORT_COLUMNS), as polars reads them. */
const COPY_DTYPES: Record<(typeof BAR_EXPORT_COLUMNS)[number], DataType> = {
  symbol: pl.String,
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
  symbol: pl.String,
  date: pl.Date,
  timestamp: pl.Datetime('ms', 'UTC'),
  open: pl.Float64,
  high: pl.Float64,
  low: pl.Float64,
  close: pl.Float64,
  volume: pl.Float64,
  vwap: pl.Float64,
  transactions: pl.Int64,
  source: pl.String,
  adjusted: pl.Bool,
  split_factor: pl.Float64,
};

/** Fraction digits of adjusted prices and volumes: the bars API's (ADJUSTED_PRICE_SCALE, the columns' scale). */
const ADJUSTED_SCALE = 6;

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
  const frame = concatCopyRows(frames);
  if (frame.height !== rows) throw new Error(`export frame has ${frame.height} rows, COPY sent ${rows}`);
  return frame;
}

/**
 * Storage's binary COPY of bars (collectBarColumns) as one frame of the same
 * columns as readCopyRows (COPY_DTYPES).
 */
export async function readBarColumns(copy: CopyBarColumns, chunkRows = EXPORT_CHUNK_ROWS): Promise<DataFrame> {
  return barColumnsFrame(await collectBarColumns(copy, chunkRows));
}

/**
 * Chunks of typed columns, in order, as one frame (COPY_DTYPES): each
 * chunk's arrays copied into polars series, the symbol runs expanded by
 * polars, no bar ever a JS object.
 */
export function barColumnsFrame(chunks: readonly BarColumns[]): DataFrame {
  return concatCopyRows(chunks.map(columnsFrame));
}

/** One chunk of typed columns as a frame (COPY_DTYPES). */
export function columnsFrame(columns: BarColumns): DataFrame {
  const runs = pl.DataFrame([
    pl.Series('symbol', [...columns.symbols], pl.String),
    pl.Series('rows', columns.runLengths),
  ]);
  return pl.DataFrame([
    runs.select(pl.col('symbol').repeatBy('rows').explode()).getColumn('symbol'),
    pl.Series('day', columns.day),
    pl.Series('epoch_ms', columns.epochMs).cast(pl.Int64),
    pl.Series('open', columns.open),
    pl.Series('high', columns.high),
    pl.Series('low', columns.low),
    pl.Series('close', columns.close),
    pl.Series('volume', columns.volume),
  ]);
}

/** Frames of COPY rows one after the other, in the order given; no frame gives an empty one with every column. */
export function concatCopyRows(frames: readonly DataFrame[]): DataFrame {
  if (frames.length === 0)
    return pl.DataFrame(Object.entries(COPY_DTYPES).map(([name, dtype]) => pl.Series(name, [], dtype)));
  return frames.length === 1 ? frames[0] : pl.concat([...frames], { how: 'vertical' });
}

/**
 * The export's columns (EXPORT_COLUMNS) from the COPY rows, sorted by symbol
 * and date: storage sends them in that order, which is checked (one pass)
 * instead of sorted again; rows in another order (a database collation
 * that does not order tickers bytewise, as polars does) are sorted here.
 */
export function exportFrame(
  rows: DataFrame,
  options: {
    readonly source: MarketDataSource;
    readonly adjusted: boolean;
    /** The adjusted export's factors (splitFactorTable); not read for a raw one. */
    readonly splitFactors: SplitFactorTable;
  },
): DataFrame {
  const factored = options.adjusted
    ? withSplitFactor(rows, options.splitFactors)
    : rows.withColumns(ONE.alias('factor'));
  const factor = pl.col('factor');
  const price = (name: string) =>
    (options.adjusted ? pl.col(name).mul(factor).round(ADJUSTED_SCALE) : pl.col(name)).alias(name);
  const volume = options.adjusted ? pl.col('volume').div(factor).round(ADJUSTED_SCALE) : pl.col('volume');
  const frame = factored.select(
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
    pl.lit(options.source).cast(pl.String).alias('source'),
    pl.lit(options.adjusted).cast(pl.Bool).alias('adjusted'),
    factor.alias('split_factor'),
  );
  return inSymbolDateOrder(factored) ? frame : frame.sort(['symbol', 'date']);
}

/** True when every row's (symbol, day) is at or after the one before it, symbols compared bytewise (polars' order). */
function inSymbolDateOrder(rows: DataFrame): boolean {
  const symbol = pl.col('symbol');
  const previous = symbol.shift(1);
  const ordered = symbol.gt(previous).or(symbol.eq(previous).and(pl.col('day').gtEq(pl.col('day').shift(1))));
  // The first row compares with null: not counted.
  return rows.select(ordered.not().sum().alias('disordered')).getColumn('disordered').get(0) === 0;
}

const ONE = pl.lit(1.0);

/**
 * `rows` with a `factor` column: the price factor of each bar from the
 * table (splitFactorTable). Each symbol with splits is one row of a small
 * frame (its execution days `ex_k`, oldest first, and `f_k`, the factor of a
 * bar before `ex_k` and on or after the one before), joined on symbol, so
 * every bar is matched against at most as many branches as one symbol has
 * splits. Bars on or after a symbol's last split, and symbols without one,
 * take 1.
 */
function withSplitFactor(rows: DataFrame, table: SplitFactorTable): DataFrame {
  const depth = Math.max(0, ...table.executionDays.map((days) => days.length));
  if (depth === 0) return rows.withColumns(ONE.alias('factor'));
  const splits = pl.DataFrame([
    pl.Series('symbol', [...table.symbols], pl.String),
    ...Array.from({ length: depth }, (_, k) => [
      pl.Series(
        `ex_${k}`,
        table.executionDays.map((days) => days[k] ?? null),
        pl.Int32,
      ),
      pl.Series(
        `f_${k}`,
        table.factors.map((factors) => factors[k] ?? null),
        pl.Float64,
      ),
    ]).flat(),
  ]);
  // A null ex_k (a symbol with fewer splits) compares as null, which no branch takes.
  let chain = pl.when(pl.col('day').lt(pl.col('ex_0'))).then(pl.col('f_0'));
  for (let k = 1; k < depth; k++) chain = chain.when(pl.col('day').lt(pl.col(`ex_${k}`))).then(pl.col(`f_${k}`));
  return rows
    .join(splits, { on: 'symbol', how: 'left' })
    .withColumns(chain.otherwise(ONE).alias('factor'))
    .drop(splits.columns.filter((name) => name !== 'symbol'));
}
