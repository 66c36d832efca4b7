import { type CopyRows, MarketDataSnapshotRepository, type MarketDataSnapshotScope } from '@mdi/storage';
import pl, { type DataFrame, type DataType } from 'nodejs-polars';
import type { DataSource } from 'typeorm';
import { BAR_FRAME_DTYPES, BAR_FRAME_WITH_SOURCE_DTYPES, BATCH_FRAME_DTYPES, emptyFrame } from './bar-frame';

/** Parse this many bytes of rows at a time, so peak memory is one chunk of text, not the whole table. */
export const ROW_CHUNK_BYTES = 32 * 1024 * 1024;

/** Which bars (symbols, sessions) and over how many COPY streams: see MarketDataSnapshotScope. */
export interface BarFrameScope extends MarketDataSnapshotScope {
  /** Bytes of rows parsed at a time; ROW_CHUNK_BYTES by default. */
  readonly chunkBytes?: number;
}

/** The bars of one database snapshot, and what else a check may ask of that same snapshot. */
export interface BarSource {
  /** Every bar in scope (BAR_FRAME_DTYPES; BAR_FRAME_WITH_SOURCE_DTYPES when the scope asks for the source). */
  readonly bars: DataFrame;
  /** `id`, `batch` (the row's xmin) and `source` of these symbols' bars (BATCH_FRAME_DTYPES), same snapshot. */
  batchesOf(symbols: readonly string[]): Promise<DataFrame>;
}

/**
 * The seed's DataAnalytics.load_market_data: storage's
 * MarketDataSnapshotRepository streams `COPY (SELECT ...) TO STDOUT` (one
 * snapshot over `streams` connections) and each chunk is parsed with
 * polars' CSV reader. No bar ever becomes a JS object.
 *
 * `use` runs while the snapshot is still open, so `batchesOf` reads that
 * snapshot too. Loads of more than one stream take turns per DataSource (a
 * full run holds ~1 GB; two at once would not be faster either).
 */
export async function withBarSnapshot<T>(
  dataSource: DataSource,
  scope: BarFrameScope,
  use: (source: BarSource) => Promise<T>,
): Promise<T> {
  const chunkBytes = scope.chunkBytes ?? ROW_CHUNK_BYTES;
  return new MarketDataSnapshotRepository(dataSource).withSnapshot(scope, async (snapshot) => {
    const dtypes = scope.withSource === true ? BAR_FRAME_WITH_SOURCE_DTYPES : BAR_FRAME_DTYPES;
    const parts = await snapshot.readBars((copy) => copyIntoFrame(copy, dtypes, chunkBytes));
    const bars = parts.length === 1 ? parts[0] : pl.concat(parts, { how: 'vertical', rechunk: false });
    return use({
      bars,
      batchesOf: async (symbols) =>
        symbols.length === 0
          ? emptyFrame(BATCH_FRAME_DTYPES)
          : copyIntoFrame((target) => snapshot.copyBatches(symbols, target), BATCH_FRAME_DTYPES, chunkBytes),
    });
  });
}

/** Every bar in scope, as one frame. */
export function loadBarFrame(dataSource: DataSource, scope: BarFrameScope = {}): Promise<DataFrame> {
  return withBarSnapshot(dataSource, scope, async ({ bars }) => bars);
}

/*
 * COPY's TEXT format (tab-separated, no quoting) costs the server less than
 * CSV: nothing in these columns can need quoting or escaping, and none is
 * nullable.
 * ignoreErrors: nodejs-polars' default turns a value it cannot parse into
 * null; a bar must never be silently emptied.
 * The chunks' frames are not rechunked into one: copying every row into
 * fresh memory costs the load more (page faults, mostly) than it saves the
 * checks (bench/README.md, "Why the quality load is shaped so").
 */
async function copyIntoFrame(
  copy: CopyRows,
  dtypes: Readonly<Record<string, DataType>>,
  chunkBytes: number,
): Promise<DataFrame> {
  const schema = dtypes as Record<string, DataType>;
  const frames: DataFrame[] = [];
  const rows = await copy({
    chunkBytes,
    onRows: (text) => frames.push(pl.readCSV(text, { hasHeader: false, sep: '\t', schema, ignoreErrors: false })),
  });
  const frame =
    frames.length === 0
      ? emptyFrame(dtypes)
      : frames.length === 1
        ? frames[0]
        : pl.concat(frames, { how: 'vertical', rechunk: false });
  if (frame.height !== rows) throw new Error(`frame has ${frame.height} rows, COPY sent ${rows}`);
  return frame;
}
