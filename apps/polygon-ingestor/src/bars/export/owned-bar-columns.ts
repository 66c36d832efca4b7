import type { BarColumns, CopyBarColumns } from '@mdi/storage';

/**
 * Bars decoded into typed columns at a time (about 15 MB of them): the
 * decoder's reused arrays are copied into arrays of their own per chunk.
 */
export const EXPORT_CHUNK_ROWS = 1 << 18;

/**
 * One binary COPY of bars, each chunk copied out of the decoder's reused
 * arrays into arrays the caller owns, every array on a buffer of its own (so
 * a chunk can be transferred to another thread without copying), and handed
 * to `onChunk`. The rows received must be the rows the server reported.
 */
export async function copyOwnedBarColumns(
  copy: CopyBarColumns,
  onChunk: (chunk: BarColumns) => void,
  chunkRows = EXPORT_CHUNK_ROWS,
): Promise<number> {
  let received = 0;
  const rows = await copy({
    chunkRows,
    onColumns: (columns) => {
      received += columns.rows;
      onChunk(ownedCopy(columns));
    },
  });
  if (received !== rows) throw new Error(`export frame has ${received} rows, COPY sent ${rows}`);
  return rows;
}

/** One binary COPY of bars as owned chunks (copyOwnedBarColumns), in order. */
export async function collectBarColumns(copy: CopyBarColumns, chunkRows = EXPORT_CHUNK_ROWS): Promise<BarColumns[]> {
  const chunks: BarColumns[] = [];
  await copyOwnedBarColumns(copy, (chunk) => chunks.push(chunk), chunkRows);
  return chunks;
}

/** The buffers under a chunk's arrays: what a transfer to another thread hands over. */
export function columnBuffers(chunks: readonly BarColumns[]): ArrayBuffer[] {
  return chunks.flatMap((c) =>
    [c.runLengths, c.day, c.epochMs, c.open, c.high, c.low, c.close, c.volume].map((a) => a.buffer as ArrayBuffer),
  );
}

function ownedCopy(columns: BarColumns): BarColumns {
  return {
    rows: columns.rows,
    symbols: [...columns.symbols],
    runLengths: columns.runLengths.slice(),
    day: columns.day.slice(),
    epochMs: columns.epochMs.slice(),
    open: columns.open.slice(),
    high: columns.high.slice(),
    low: columns.low.slice(),
    close: columns.close.slice(),
    volume: columns.volume.slice(),
  };
}
