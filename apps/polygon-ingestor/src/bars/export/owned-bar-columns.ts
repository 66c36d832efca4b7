import type { BarColumns, CopyBarColumns } from '@mdi/storage';

/**
 * Bars decoded into typed columns at a time (about 15 MB of them): the
 * decoder's reused arrays are copied into arrays of their own per chunk.
 */
export const EXPORT_CHUNK_ROWS = 1 << 18;

/**
 * One binary COPY of bars as chunks of columns the caller owns: each chunk
 * copied out of the decoder's reused arrays, every array on a buffer of its
 * own, so a chunk can be transferred to another thread without copying. The
 * rows received must be the rows the server reported.
 */
export async function collectBarColumns(copy: CopyBarColumns, chunkRows = EXPORT_CHUNK_ROWS): Promise<BarColumns[]> {
  const chunks: BarColumns[] = [];
  let received = 0;
  const rows = await copy({
    chunkRows,
    onColumns: (columns) => {
      received += columns.rows;
      chunks.push(ownedCopy(columns));
    },
  });
  if (received !== rows) throw new Error(`export frame has ${received} rows, COPY sent ${rows}`);
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
