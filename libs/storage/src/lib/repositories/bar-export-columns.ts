import { sessionDateOf } from '@mdi/domain';
import { numericToDouble } from '../copy/binary-numeric';

/**
 * One chunk of exported bars as columns, row k of each array the same bar,
 * no bar an object. Symbols come as runs, in row order: `symbols[r]` is the
 * symbol of the next `runLengths[r]` rows (the rows are ordered by symbol,
 * so a chunk holds few runs). The arrays are views of memory the decoder
 * reuses: valid only while `onColumns` runs.
 */
export interface BarColumns {
  readonly rows: number;
  readonly symbols: readonly string[];
  readonly runLengths: Uint32Array;
  /** The New York session as days since 1970-01-01. */
  readonly day: Int32Array;
  /** The stored timestamp in milliseconds since the epoch (an integer). */
  readonly epochMs: Float64Array;
  /** NUMERIC values as the nearest double (what parseFloat makes of their text). */
  readonly open: Float64Array;
  readonly high: Float64Array;
  readonly low: Float64Array;
  readonly close: Float64Array;
  readonly volume: Float64Array;
}

export interface BarColumnsTarget {
  /** Bars handed over at a time: the columns of that many rows (the last chunk fewer) come together. */
  readonly chunkRows: number;
  readonly onColumns: (columns: BarColumns) => void;
}

/** Runs one binary COPY of bars into `target`; resolves to the row count the server reported. */
export type CopyBarColumns = (target: BarColumnsTarget) => Promise<number>;

/** The fields of each tuple the decoder reads: symbol, timestamp (timestamptz), then five NUMERIC. */
export const BAR_TUPLE_FIELDS = ['symbol', 'timestamp', 'open', 'high', 'low', 'close', 'volume'] as const;
const FIELDS = BAR_TUPLE_FIELDS.length;
/** 2000-01-01T00:00:00Z, PostgreSQL's timestamp epoch, in Unix milliseconds. */
const POSTGRES_EPOCH_MS = 946_684_800_000;
const TWO_TO_32 = 4_294_967_296;
const HOUR_MS = 3_600_000;
const DAY_MS = 86_400_000;
/** 1883-11-18T17:00:00Z: New York on standard time (EST); before it, local mean time, not whole hours from UTC. */
const WHOLE_HOUR_OFFSETS_SINCE_MS = -2_717_650_800_000;

/**
 * Decodes the tuples of a binary COPY of bars (BAR_TUPLE_FIELDS, in order,
 * none NULL), one at a time as copyBinaryOut hands them over, into
 * typed arrays of `chunkRows` rows, allocated once: each time they are full
 * they go to `onColumns`, and `flush` hands over the rest. A tuple of any
 * other shape, a NULL, or an infinite timestamp throws.
 */
export class BarTupleDecoder {
  private readonly runLengths: Uint32Array;
  private readonly day: Int32Array;
  private readonly epochMs: Float64Array;
  private readonly open: Float64Array;
  private readonly high: Float64Array;
  private readonly low: Float64Array;
  private readonly close: Float64Array;
  private readonly volume: Float64Array;
  private symbols: string[] = [];
  private rows = 0;
  private previousSymbol = Buffer.alloc(16);
  private previousSymbolLength = -1;
  private readonly newYorkDays = new Map<number, number>();

  constructor(
    private readonly chunkRows: number,
    private readonly onColumns: (columns: BarColumns) => void,
  ) {
    if (!Number.isInteger(chunkRows) || chunkRows < 1)
      throw new RangeError(`chunkRows must be a positive integer, got ${chunkRows}`);
    this.runLengths = new Uint32Array(chunkRows);
    this.day = new Int32Array(chunkRows);
    this.epochMs = new Float64Array(chunkRows);
    this.open = new Float64Array(chunkRows);
    this.high = new Float64Array(chunkRows);
    this.low = new Float64Array(chunkRows);
    this.close = new Float64Array(chunkRows);
    this.volume = new Float64Array(chunkRows);
  }

  /** The tuple `bytes[start..end)` as the next row. */
  readonly tuple = (bytes: Buffer, start: number, end: number): void => {
    const fields = (bytes[start] << 8) | bytes[start + 1];
    if (fields !== FIELDS) throw new Error(`COPY BINARY: a tuple of ${fields} fields, expected ${FIELDS}`);
    const row = this.rows;
    let p = start + 2;

    let length = fieldLength(bytes, p, 0);
    p += 4;
    if (this.sameSymbol(bytes, p, length)) this.runLengths[this.symbols.length - 1] += 1;
    else {
      this.runLengths[this.symbols.length] = 1;
      this.symbols.push(bytes.toString('utf8', p, p + length));
      this.rememberSymbol(bytes, p, length);
    }
    p += length;

    expectLength(fieldLength(bytes, p, 1), 8, 1);
    const epochMs = timestampMs(readInt32(bytes, p + 4), readInt32(bytes, p + 8) >>> 0);
    this.epochMs[row] = epochMs;
    this.day[row] = this.newYorkDayOf(epochMs);
    p += 12;

    length = fieldLength(bytes, p, 2);
    this.open[row] = numericToDouble(bytes, p + 4, length);
    p += 4 + length;
    length = fieldLength(bytes, p, 3);
    this.high[row] = numericToDouble(bytes, p + 4, length);
    p += 4 + length;
    length = fieldLength(bytes, p, 4);
    this.low[row] = numericToDouble(bytes, p + 4, length);
    p += 4 + length;
    length = fieldLength(bytes, p, 5);
    this.close[row] = numericToDouble(bytes, p + 4, length);
    p += 4 + length;
    length = fieldLength(bytes, p, 6);
    this.volume[row] = numericToDouble(bytes, p + 4, length);
    p += 4 + length;
    if (p !== end) throw new Error(`COPY BINARY: a tuple of ${end - start} bytes, its fields take ${p - start}`);

    this.rows = row + 1;
    if (this.rows === this.chunkRows) this.flush();
  };

  /** Hands the rows decoded since the last chunk to `onColumns` (nothing when there are none). */
  flush(): void {
    const rows = this.rows;
    if (rows === 0) return;
    const columns: BarColumns = {
      rows,
      symbols: this.symbols,
      runLengths: this.runLengths.subarray(0, this.symbols.length),
      day: this.day.subarray(0, rows),
      epochMs: this.epochMs.subarray(0, rows),
      open: this.open.subarray(0, rows),
      high: this.high.subarray(0, rows),
      low: this.low.subarray(0, rows),
      close: this.close.subarray(0, rows),
      volume: this.volume.subarray(0, rows),
    };
    this.rows = 0;
    this.symbols = [];
    this.previousSymbolLength = -1;
    this.onColumns(columns);
  }

  /**
   * The New York date of an instant as days since 1970-01-01 (the domain's
   * sessionDateOf), once per UTC hour: New York's offset is whole hours and
   * changes only on the hour, so all of one UTC hour has one New York date.
   * A bar's timestamp is its session's midnight: a few hundred look-ups for
   * millions of bars.
   */
  private newYorkDayOf(epochMs: number): number {
    const hour = Math.floor(epochMs / HOUR_MS);
    let day = this.newYorkDays.get(hour);
    if (day === undefined) {
      day = Date.parse(`${sessionDateOf(new Date(epochMs))}T00:00:00Z`) / DAY_MS;
      if (epochMs < WHOLE_HOUR_OFFSETS_SINCE_MS) return day;
      this.newYorkDays.set(hour, day);
    }
    return day;
  }

  private sameSymbol(bytes: Buffer, at: number, length: number): boolean {
    if (length !== this.previousSymbolLength) return false;
    const previous = this.previousSymbol;
    for (let i = 0; i < length; i++) if (bytes[at + i] !== previous[i]) return false;
    return true;
  }

  private rememberSymbol(bytes: Buffer, at: number, length: number): void {
    if (length > this.previousSymbol.length) this.previousSymbol = Buffer.alloc(length);
    bytes.copy(this.previousSymbol, 0, at, at + length);
    this.previousSymbolLength = length;
  }
}

function readInt32(bytes: Uint8Array, at: number): number {
  return (bytes[at] << 24) | (bytes[at + 1] << 16) | (bytes[at + 2] << 8) | bytes[at + 3];
}

/** The length word of field `index` at `at`; a NULL (-1) throws: no exported column may be NULL. */
function fieldLength(bytes: Uint8Array, at: number, index: number): number {
  const length = readInt32(bytes, at);
  if (length < 0) throw new Error(`COPY BINARY: ${BAR_TUPLE_FIELDS[index]} is NULL`);
  return length;
}

function expectLength(length: number, expected: number, index: number): void {
  if (length !== expected)
    throw new Error(`COPY BINARY: ${BAR_TUPLE_FIELDS[index]} of ${length} bytes, expected ${expected}`);
}

/**
 * A binary timestamptz (int64 microseconds since 2000-01-01 UTC, as high and
 * low words) in Unix milliseconds, rounded to the nearest; exact for every
 * instant within ±285 years of 2000 (the microseconds fit 2^53). Others,
 * and ±infinity, throw.
 */
function timestampMs(high: number, low: number): number {
  const micros = high * TWO_TO_32 + low;
  if (!Number.isSafeInteger(micros)) throw new Error('COPY BINARY: a timestamp out of range (or infinite)');
  return Math.round(micros / 1000) + POSTGRES_EPOCH_MS;
}
