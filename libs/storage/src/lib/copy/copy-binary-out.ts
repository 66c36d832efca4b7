import type { ClientBase } from 'pg';
import { type CopyOutReader, CopyOutQuery } from './copy-out-query';

/** COPY BINARY's 11-byte signature, then int32 flags and the int32 length of a header extension. */
const SIGNATURE = Buffer.from('PGCOPY\n\xff\r\n\0', 'latin1');
const FIXED_HEADER_BYTES = SIGNATURE.length + 8;
/** Bits 0-15 of the flags mark incompatible format changes, bit 16 OIDs in each tuple: none of them may be set. */
const UNREADABLE_FLAGS = 0x1ffff;
const TRAILER = 0xffff;

const COPY_DATA = 0x64; // 'd'
const COPY_DONE = 0x63; // 'c'
const ERROR_RESPONSE = 0x45; // 'E'
const MESSAGE_HEADER_BYTES = 5;

/**
 * Receives one tuple, `bytes[start..end)`: an int16 field count, then per
 * field an int32 byte length (-1 for NULL) and that many bytes in the
 * column's binary send format. Synchronous; `bytes` is valid only during
 * the call. What it throws fails the COPY (the rest is read and dropped).
 */
export type OnTuple = (bytes: Buffer, start: number, end: number) => void;

export interface CopyBinaryOutOptions {
  /** A SELECT (no trailing semicolon); it is run as `COPY (select) TO STDOUT (FORMAT binary)`. */
  readonly select: string;
  readonly onTuple: OnTuple;
}

/**
 * Reads the messages of a COPY TO STDOUT (FORMAT binary) answer straight
 * from the socket's reads: the server sends one CopyData message per tuple
 * (the file header in front of the first, the trailer in one of its own),
 * and a tuple whose message lies whole in one read (nearly all of them) is
 * handed over where it lies, never copied; one cut by a read is gathered
 * first. Other messages the server may interleave (CopyOutResponse,
 * notices) are skipped.
 */
class TupleReader implements CopyOutReader {
  tuples = 0;
  trailerSeen = false;
  failure: unknown;
  private headerRead = false;
  private readonly messageHeader = Buffer.alloc(MESSAGE_HEADER_BYTES);
  private messageHeaderSeen = 0;
  private messageType = 0;
  /** The message being gathered across reads, and how much of it has come. */
  private partial = Buffer.alloc(0);
  private partialLength = 0;
  private partialSeen = 0;

  constructor(private readonly onTuple: OnTuple) {}

  /**
   * Feeds the next read. Returns the index of the first byte that is not
   * COPY output (what follows CopyDone, or an ErrorResponse left for pg to
   * parse), or -1 when more is expected.
   */
  push(bytes: Buffer): number {
    const length = bytes.length;
    let at = 0;
    while (at < length) {
      if (this.partialSeen < this.partialLength) {
        const take = Math.min(this.partialLength - this.partialSeen, length - at);
        if (this.messageType === COPY_DATA) bytes.copy(this.partial, this.partialSeen, at, at + take);
        this.partialSeen += take;
        at += take;
        if (this.partialSeen === this.partialLength && this.messageType === COPY_DATA)
          this.message(this.partial, 0, this.partialLength);
        continue;
      }
      let type: number;
      let bodyLength: number;
      if (this.messageHeaderSeen === 0 && length - at >= MESSAGE_HEADER_BYTES) {
        type = bytes[at];
        if (type === ERROR_RESPONSE) return at;
        bodyLength = bytes.readUInt32BE(at + 1) - 4;
        at += MESSAGE_HEADER_BYTES;
      } else {
        if (this.messageHeaderSeen === 0 && bytes[at] === ERROR_RESPONSE) return at;
        // A message header cut by the read: gathered byte by byte.
        this.messageHeader[this.messageHeaderSeen++] = bytes[at++];
        if (this.messageHeaderSeen < MESSAGE_HEADER_BYTES) continue;
        this.messageHeaderSeen = 0;
        type = this.messageHeader[0];
        bodyLength = this.messageHeader.readUInt32BE(1) - 4;
      }
      if (type === COPY_DONE) return at + bodyLength;
      this.messageType = type;
      if (length - at >= bodyLength) {
        if (type === COPY_DATA) this.message(bytes, at, at + bodyLength);
        at += bodyLength;
        continue;
      }
      if (type === COPY_DATA && this.partial.length < bodyLength) this.partial = Buffer.allocUnsafe(bodyLength);
      this.partialLength = bodyLength;
      this.partialSeen = 0;
    }
    return -1;
  }

  received(): number {
    if (this.failure !== undefined) throw this.failure;
    if (!this.trailerSeen) throw new Error('COPY BINARY: the answer ended without its trailer');
    return this.tuples;
  }

  /** One CopyData body: the file header first, then a tuple, or the trailer. */
  private message(bytes: Buffer, start: number, end: number): void {
    if (this.failure !== undefined) return;
    try {
      if (!this.headerRead) {
        start = afterHeader(bytes, start, end);
        this.headerRead = true;
        if (start === end) return;
      }
      if (this.trailerSeen) throw new Error('COPY BINARY: data after the trailer');
      if (bytes.readUInt16BE(start) === TRAILER) {
        if (end - start !== 2) throw new Error('COPY BINARY: data after the trailer');
        this.trailerSeen = true;
        return;
      }
      this.tuples += 1;
      this.onTuple(bytes, start, end);
    } catch (error) {
      this.failure = error;
    }
  }
}

/** Where the tuples start after the file header at `start` (the first message holds all of it). */
function afterHeader(bytes: Buffer, start: number, end: number): number {
  if (end - start < FIXED_HEADER_BYTES || !bytes.subarray(start, start + SIGNATURE.length).equals(SIGNATURE))
    throw new Error('COPY BINARY: the answer does not start with the PGCOPY signature');
  const flags = bytes.readUInt32BE(start + SIGNATURE.length);
  if ((flags & UNREADABLE_FLAGS) !== 0)
    throw new Error(`COPY BINARY: header flags 0x${flags.toString(16)} not understood`);
  return start + FIXED_HEADER_BYTES + bytes.readUInt32BE(start + SIGNATURE.length + 4);
}

/**
 * Runs `COPY (select) TO STDOUT (FORMAT binary)` on a connection and hands
 * each tuple to `onTuple`, in order, the file header and trailer checked.
 * Resolves to the row count (checked against the server's command tag) once
 * the connection is ready for the next query; rejects with the server's
 * error, or with what `onTuple` threw (the rest of the answer is then read
 * and dropped, so the connection stays usable).
 */
export async function copyBinaryOut(client: ClientBase, options: CopyBinaryOutOptions): Promise<number> {
  const query = new CopyOutQuery(
    `COPY (${options.select}) TO STDOUT (FORMAT binary)`,
    new TupleReader(options.onTuple),
  );
  client.query(query as never);
  return query.settled;
}
