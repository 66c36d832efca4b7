import type { EventEmitter } from 'node:events';

type DataListener = (bytes: Buffer) => void;

/** The part of pg's Connection a Submittable is given. */
interface PgConnection {
  readonly stream: EventEmitter;
  query(text: string): void;
}

/** What reads a COPY TO STDOUT answer's messages off the socket (copyOut's rows, copyBinaryOut's tuples). */
export interface CopyOutReader {
  /**
   * Feeds the next socket read. Returns the index of the first byte that is
   * not COPY output (what follows CopyDone, or an ErrorResponse left for pg
   * to parse), or -1 while more COPY output is expected.
   */
  push(bytes: Buffer): number;
  /** Once the answer has ended: the rows received, or throws what went wrong reading them. */
  received(): number;
}

/**
 * A pg Submittable that reads a COPY TO STDOUT answer straight off the
 * socket: it stands in for pg's message parser until CopyDone (or an error)
 * and then hands the remaining bytes back to it, as pg-copy-streams does.
 * Settles once the connection is ready for the next query, with the row
 * count checked against the server's command tag.
 */
export class CopyOutQuery {
  readonly settled: Promise<number>;
  private resolve!: (rows: number) => void;
  private reject!: (error: unknown) => void;
  private socket?: EventEmitter;
  private pgListener?: DataListener;
  private reportedRows?: number;
  private failed = false;

  constructor(
    private readonly text: string,
    private readonly reader: CopyOutReader,
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
    const resumeAt = this.reader.push(bytes);
    if (resumeAt < 0) return;
    const pgListener = this.handBack();
    if (resumeAt < bytes.length) pgListener?.(bytes.subarray(resumeAt));
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
    let rows: number;
    try {
      rows = this.reader.received();
    } catch (error) {
      return this.reject(error);
    }
    if (this.reportedRows !== rows) {
      return this.reject(new Error(`COPY TO STDOUT: server reported ${this.reportedRows} rows, ${rows} received`));
    }
    this.resolve(rows);
  }
}
