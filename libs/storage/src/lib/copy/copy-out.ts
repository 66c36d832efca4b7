import type { EventEmitter } from 'node:events';
import type { ClientBase } from 'pg';
import { CopyDataFramer } from './copy-data-framer';

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

type DataListener = (bytes: Buffer) => void;

/** The part of pg's Connection a Submittable is given. */
interface PgConnection {
  readonly stream: EventEmitter;
  query(text: string): void;
}

/**
 * A pg Submittable that reads a COPY TO STDOUT answer straight off the
 * socket: it stands in for pg's message parser until CopyDone (or an error)
 * and then hands the remaining bytes back to it, as pg-copy-streams does,
 * but frames rows with CopyDataFramer instead of a buffer list per row.
 */
class CopyOutQuery {
  readonly settled: Promise<number>;
  private resolve!: (rows: number) => void;
  private reject!: (error: unknown) => void;
  private socket?: EventEmitter;
  private pgListener?: DataListener;
  private reportedRows?: number;
  private failed = false;

  constructor(
    private readonly text: string,
    private readonly framer: CopyDataFramer,
  ) {
    this.settled = new Promise<number>((resolve, reject) => {
      this.resolve = resolve;
      this.reject = reject;
    });
  }

  /** pg fails the query with the error returned here. */
  submit(connection: PgConnection): Error | undefined {
    const listeners = connection.stream.listeners('data') as DataListener[];
    if (listeners.length !== 1)
      return new Error(`COPY TO STDOUT: expected pg's one data listener on the socket, found ${listeners.length}`);
    this.socket = connection.stream;
    this.pgListener = listeners[0];
    this.socket.removeListener('data', this.pgListener);
    this.socket.on('data', this.onData);
    connection.query(this.text);
    return undefined;
  }

  private readonly onData = (bytes: Buffer): void => {
    const end = this.framer.push(bytes);
    if (end === null) return;
    const pgListener = this.handBack();
    if (end.resumeAt < bytes.length) pgListener?.(bytes.subarray(end.resumeAt));
  };

  /** Gives the socket back to pg's parser; once, however many ways the COPY ends. */
  private handBack(): DataListener | undefined {
    const { socket, pgListener } = this;
    if (socket && pgListener) {
      this.socket = undefined;
      socket.removeListener('data', this.onData);
      socket.on('data', pgListener);
    }
    return pgListener;
  }

  // pg calls these once it has the connection's messages again.
  handleCommandComplete(message: { text?: string }): void {
    const count = /^COPY (\d+)$/.exec(message.text ?? '');
    if (count) this.reportedRows = Number(count[1]);
  }

  handleError(error: unknown): void {
    this.handBack();
    this.failed = true;
    this.reject(error);
  }

  handleReadyForQuery(): void {
    if (this.failed) return;
    if (this.framer.failure !== undefined) return this.reject(this.framer.failure);
    if (this.reportedRows !== this.framer.rows) {
      return this.reject(
        new Error(`COPY TO STDOUT: server reported ${this.reportedRows} rows, ${this.framer.rows} received`),
      );
    }
    this.resolve(this.framer.rows);
  }
}

/**
 * Runs `COPY (select) TO STDOUT` on a connection and hands its rows to
 * `onRows` in chunks. Resolves to the row count (checked against the
 * server's command tag) once the connection is ready for the next query;
 * rejects with the server's error, or with what `onRows` threw (the rest of
 * the answer is then read and dropped, so the connection stays usable).
 */
export async function copyOut(client: ClientBase, options: CopyOutOptions): Promise<number> {
  const framer = new CopyDataFramer(options.chunkBytes, options.onRows);
  const query = new CopyOutQuery(`COPY (${options.select}) TO STDOUT (FORMAT ${options.format})`, framer);
  client.query(query as never);
  return query.settled;
}
