/*
 * PostgreSQL's COPY TO STDOUT sends every row as its own CopyData message:
 * 'd', an int32 length that counts itself, then the row's bytes. A reader has
 * to strip that 5-byte frame from millions of ~80-byte rows. Copying each
 * socket read into the chunk buffer and moving the rows down over the
 * headers took the client's CPU for 2.5 M rows (two streams) from 0.90 s with
 * pg-copy-streams' buffer list per message to 0.50 s.
 */
const COPY_DATA = 0x64; // 'd'
const COPY_DONE = 0x63; // 'c'
const ERROR_RESPONSE = 0x45; // 'E'
const HEADER_BYTES = 5;

/** Where the COPY output ended inside the last chunk pushed; pg's own parser takes it from there. */
export interface CopyOutEnd {
  /** Index of the first byte that is not COPY output ('E' of an error, or what follows CopyDone). */
  readonly resumeAt: number;
  /** True when the server answered with an ErrorResponse instead of (or in the middle of) the rows. */
  readonly failed: boolean;
}

/**
 * Turns the bytes of a COPY TO STDOUT answer into chunks of whole rows
 * (TEXT or CSV format: one row per CopyData message). A chunk holds at
 * most `chunkBytes` bytes (a single larger row gets a chunk of its own) and
 * is only valid during the `onRows` call: the framer writes the next rows
 * into the same memory. Reusing one buffer instead of allocating one per
 * chunk took ~0.3 s of page faults and garbage collection off loading
 * 2.5 M bars (190 MB of rows). Other messages the server may interleave
 * (CopyOutResponse, notices, parameter status) are skipped.
 */
export class CopyDataFramer {
  private out: Buffer;
  private used = 0;
  private messageType = 0;
  /** Bytes of the current message's body not seen yet. */
  private bodyLeft = 0;
  private readonly header = Buffer.alloc(HEADER_BYTES);
  private headerSeen = 0;
  private rowCount = 0;
  private deliveryError: unknown;
  private delivering = true;

  constructor(
    private readonly chunkBytes: number,
    private readonly onRows: (rows: Buffer) => void,
  ) {
    if (!Number.isInteger(chunkBytes) || chunkBytes < 1)
      throw new RangeError(`chunkBytes must be a positive integer, got ${chunkBytes}`);
    this.out = Buffer.allocUnsafe(chunkBytes);
  }

  /** Rows (CopyData messages) seen so far. */
  get rows(): number {
    return this.rowCount;
  }

  /**
   * What `onRows` threw, if it did. The framer then stops delivering and
   * copying but keeps reading frames, so the connection is drained to the
   * end of the COPY and stays usable.
   */
  get failure(): unknown {
    return this.deliveryError;
  }

  /**
   * Feeds the next bytes read from the connection. Returns where the COPY
   * output ended when it did inside `bytes` (the rest belongs to pg), or
   * null when more is expected. At CopyDone the rows still buffered are
   * flushed first; after an error they are dropped.
   */
  push(bytes: Buffer): CopyOutEnd | null {
    if (this.delivering && this.headerSeen === 0 && this.used + bytes.length <= this.out.length)
      return this.pushInPlace(bytes);
    return this.pushCopying(bytes);
  }

  /**
   * The usual case, when the whole read fits after the rows already
   * buffered: one copy of the read into the chunk, then each row's bytes
   * moved down over the frame headers with copyWithin (a V8 builtin, cheaper
   * per row than Buffer.copy's binding call: bench/README.md, "Why the
   * quality load is shaped so"). Whatever it cannot do in place (a header
   * cut by the read, a row that would overflow the chunk, an error) it hands
   * to pushCopying.
   */
  private pushInPlace(bytes: Buffer): CopyOutEnd | null {
    const out = this.out;
    const base = this.used;
    const end = base + bytes.length;
    out.set(bytes, base);
    let src = base;
    let dst = base;
    while (src < end) {
      if (this.bodyLeft > 0) {
        const take = Math.min(this.bodyLeft, end - src);
        if (this.messageType === COPY_DATA) {
          if (dst !== src) out.copyWithin(dst, src, src + take);
          dst += take;
        }
        src += take;
        this.bodyLeft -= take;
        continue;
      }
      if (end - src < HEADER_BYTES || out[src] === ERROR_RESPONSE) break;
      const type = out[src];
      const bodyLength = out.readUInt32BE(src + 1) - 4;
      if (type === COPY_DATA && dst + bodyLength > this.chunkBytes) break;
      src += HEADER_BYTES;
      this.used = dst;
      if (this.startMessage(type, bodyLength)) return this.end(src - base, false);
    }
    this.used = dst;
    if (src === end) return null;
    const offset = src - base;
    const ended = this.pushCopying(bytes.subarray(offset));
    return ended === null ? null : { ...ended, resumeAt: ended.resumeAt + offset };
  }

  /** Any read: frames parsed as they come, each row's bytes copied into the chunk. */
  private pushCopying(bytes: Buffer): CopyOutEnd | null {
    const length = bytes.length;
    let at = 0;
    while (at < length) {
      if (this.bodyLeft > 0) {
        const take = Math.min(this.bodyLeft, length - at);
        if (this.messageType === COPY_DATA && this.delivering) {
          bytes.copy(this.out, this.used, at, at + take);
          this.used += take;
        }
        at += take;
        this.bodyLeft -= take;
        continue;
      }
      if (this.headerSeen === 0) {
        // An error is left unread: pg parses it and fails the query with the server's message.
        if (bytes[at] === ERROR_RESPONSE) return this.end(at, true);
        if (length - at >= HEADER_BYTES) {
          const bodyLength = bytes.readUInt32BE(at + 1) - 4;
          const type = bytes[at];
          at += HEADER_BYTES;
          if (this.startMessage(type, bodyLength)) return this.end(at, false);
          continue;
        }
      }
      // A header split between two reads: collect it byte by byte.
      this.header[this.headerSeen++] = bytes[at++];
      if (this.headerSeen === HEADER_BYTES) {
        this.headerSeen = 0;
        if (this.startMessage(this.header[0], this.header.readUInt32BE(1) - 4)) return this.end(at, false);
      }
    }
    return null;
  }

  /** Returns true when the message ends the COPY output (CopyDone). */
  private startMessage(type: number, bodyLength: number): boolean {
    this.messageType = type;
    this.bodyLeft = bodyLength;
    if (type === COPY_DONE) return true;
    if (type === COPY_DATA) {
      this.rowCount += 1;
      if (this.used > 0 && this.used + bodyLength > this.chunkBytes) this.deliver();
      if (this.delivering && bodyLength > this.out.length) this.out = Buffer.allocUnsafe(bodyLength);
    }
    return false;
  }

  private end(resumeAt: number, failed: boolean): CopyOutEnd {
    if (!failed) this.deliver();
    return { resumeAt, failed };
  }

  private deliver(): void {
    const rows = this.out.subarray(0, this.used);
    this.used = 0;
    if (!this.delivering || rows.length === 0) return;
    try {
      this.onRows(rows);
    } catch (error) {
      this.deliveryError = error;
      this.delivering = false;
    }
  }
}
