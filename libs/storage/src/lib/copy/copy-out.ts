import type { ClientBase } from 'pg';
import { CopyDataFramer } from './copy-data-framer';
import { CopyOutQuery } from './copy-out-query';

export interface CopyOutOptions {
  /** A SELECT (no trailing semicolon); it is run as `COPY (select) TO STDOUT`. */
  readonly select: string;
  /** COPY's TEXT format (tab-separated, \N for null) or CSV. */
  readonly format: 'text' | 'csv';
  /** Bytes of rows handed over at a time; see CopyDataFramer. */
  readonly chunkBytes: number;
  /**
   * Receives the rows in order, in chunks of whole rows, synchronously:
   * while it runs nothing more is read from the connection (back-pressure
   * reaches the server through the socket). The buffer is reused for the
   * next chunk: parse or copy it before returning.
   */
  readonly onRows: (rows: Buffer) => void;
}

/**
 * Runs `COPY (select) TO STDOUT` on a connection and hands its rows to
 * `onRows` in chunks (CopyDataFramer frames them straight off the socket,
 * instead of a buffer list per row). Resolves to the row count (checked against the
 * server's command tag) once the connection is ready for the next query;
 * rejects with the server's error, or with what `onRows` threw (the rest of
 * the answer is then read and dropped, so the connection stays usable).
 */
export async function copyOut(client: ClientBase, options: CopyOutOptions): Promise<number> {
  const framer = new CopyDataFramer(options.chunkBytes, options.onRows);
  const query = new CopyOutQuery(`COPY (${options.select}) TO STDOUT (FORMAT ${options.format})`, {
    push: (bytes) => framer.push(bytes)?.resumeAt ?? -1,
    received: () => {
      if (framer.failure !== undefined) throw framer.failure;
      return framer.rows;
    },
  });
  client.query(query as never);
  return query.settled;
}
