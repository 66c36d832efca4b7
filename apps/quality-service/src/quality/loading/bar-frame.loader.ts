import { assertIsoDate, type IsoDate } from '@mdi/domain';
import { copyOut } from '@mdi/storage';
import pl, { type DataFrame, type DataType } from 'nodejs-polars';
import type { PoolClient } from 'pg';
import type { DataSource } from 'typeorm';
import { BAR_FRAME_DTYPES, BATCH_FRAME_DTYPES, emptyFrame } from './bar-frame';

/** Parse this many bytes of rows at a time, so peak memory is one chunk of text, not the whole table. */
export const ROW_CHUNK_BYTES = 32 * 1024 * 1024;

export interface BarFrameScope {
  /** Only these symbols; all when absent. */
  readonly symbols?: readonly string[];
  /** Sessions from this date (inclusive). */
  readonly from?: IsoDate;
  /** Sessions up to this date (inclusive). */
  readonly to?: IsoDate;
  /** Bytes of rows parsed at a time; ROW_CHUNK_BYTES by default. */
  readonly chunkBytes?: number;
  /**
   * Parallel COPY streams (the table split into page ranges), so the server formats rows on
   * several cores; 2 by default, never more than the pool's connections.
   * One stream suits a small read (no snapshot to share, no turn to wait).
   */
  readonly streams?: number;
}

/** The bars of one database snapshot, and what else a check may ask of that same snapshot. */
export interface BarSource {
  /** Every bar in scope (BAR_FRAME_DTYPES). */
  readonly bars: DataFrame;
  /** `id` and `batch` (the row's xmin) of these symbols' bars (BATCH_FRAME_DTYPES), as of the same snapshot. */
  batchesOf(symbols: readonly string[]): Promise<DataFrame>;
}

/*
 * The server does as little as possible per row (measured on 2.5 M bars, one
 * stream: 1.84 s before, 1.56 s now):
 * - prices and volumes go out as NUMERIC text and polars parses them as
 *   Float64 (NUMERIC(18,6) fits a double's 15-16 significant digits for every
 *   realistic price, NUMERIC(25,6) for every realistic volume, fractions of
 *   a share included); `::float8` (3.0 s) or scaled `(p * 1e6)::bigint`
 *   (2.4 s) cost more than the text they save;
 * - the session date is `timestamp::date` under a transaction-local
 *   TimeZone of America/New_York (same value as `AT TIME ZONE
 *   'America/New_York'`, which resolves the zone per row: 0.25 s more), sent
 *   as days since 1970-01-01, so polars reads an integer instead of a date;
 * - xmin (which transaction wrote the row) is not in the bulk read: only the
 *   out-of-order check needs it, for the few symbols whose ids fall as their
 *   dates rise, and it cost the server a fifth of the bulk read.
 * No ORDER BY: polars sorts faster, on both cores.
 */
const SESSION_ZONE = 'America/New_York';
/** node-postgres' pool size when TypeORM is given none. */
const PG_DEFAULT_POOL_SIZE = 10;
const SELECT_BARS = `
  SELECT symbol, timestamp::date - DATE '1970-01-01' AS day, id, open, high, low, close, volume
    FROM data_ingestion.market_data`;
const SELECT_BATCHES = `SELECT id, xmin AS batch FROM data_ingestion.market_data`;

/**
 * The seed's DataAnalytics.load_market_data: streams `COPY (SELECT ...) TO
 * STDOUT` and parses it chunk by chunk with polars' CSV reader. No bar ever
 * becomes a JS object.
 *
 * Every stream reads one snapshot: the first exports it, the others import
 * it, so a write committed between their starts is seen by all or none.
 * `use` runs while the first stream's transaction is still open, so
 * `batchesOf` reads that snapshot too.
 *
 * The first stream holds its connection while the others wait for theirs,
 * so two such loads sharing a pool could each hold one connection and wait
 * for a second until the pool's connect timeout fails both. Loads of more
 * than one stream therefore take turns per DataSource (a full run holds
 * ~1 GB; two at once would not be faster either), and never use more
 * streams than the pool has connections.
 */
export async function withBarSnapshot<T>(dataSource: DataSource, scope: BarFrameScope, use: (source: BarSource) => Promise<T>): Promise<T> {
  const requested = scope.streams ?? 2;
  if (!Number.isInteger(requested) || requested < 1 || requested > 8) throw new RangeError(`streams must be 1 to 8, got ${requested}`);
  const streams = Math.min(requested, dataSource.options.poolSize ?? PG_DEFAULT_POOL_SIZE);
  // Checked before any connection is taken: a bad symbol or date fails the load, not a stream halfway.
  const conditions = scopeConditions(scope);
  const read = () => readSnapshot(dataSource, scope, conditions, streams, use);
  return streams === 1 ? read() : inTurn(dataSource, read);
}

/** The multi-stream loads of each DataSource, chained: each starts when the one before has finished. */
const turns = new WeakMap<DataSource, Promise<unknown>>();

function inTurn<T>(dataSource: DataSource, work: () => Promise<T>): Promise<T> {
  const previous = turns.get(dataSource) ?? Promise.resolve();
  const mine = previous.then(work, work);
  turns.set(dataSource, mine.catch(() => undefined));
  return mine;
}

async function readSnapshot<T>(
  dataSource: DataSource,
  scope: BarFrameScope,
  conditions: readonly string[],
  streams: number,
  use: (source: BarSource) => Promise<T>,
): Promise<T> {
  const chunkBytes = scope.chunkBytes ?? ROW_CHUNK_BYTES;
  return inReadOnlyTransaction(dataSource, streams === 1 ? 'alone' : 'export', async (first, exported) => {
    const pages = exported === undefined ? 0 : await tablePages(first);
    const partOf = (part: number) => SELECT_BARS + where([...pageRange(part, streams, pages), ...conditions]);
    const others =
      exported === undefined
        ? []
        : Array.from({ length: streams - 1 }, (_, index) =>
            inReadOnlyTransaction(dataSource, { imported: exported }, (client) => copyIntoFrame(client, partOf(index + 1), BAR_FRAME_DTYPES, chunkBytes)),
          );
    const parts = await Promise.all([copyIntoFrame(first, partOf(0), BAR_FRAME_DTYPES, chunkBytes), ...others]);
    const bars = parts.length === 1 ? parts[0] : pl.concat(parts, { how: 'vertical', rechunk: false });
    return use({
      bars,
      batchesOf: async (symbols) =>
        symbols.length === 0
          ? emptyFrame(BATCH_FRAME_DTYPES)
          : copyIntoFrame(first, SELECT_BATCHES + where(scopeConditions({ ...scope, symbols })), BATCH_FRAME_DTYPES, chunkBytes),
    });
  });
}

/** Every bar in scope, as one frame. */
export function loadBarFrame(dataSource: DataSource, scope: BarFrameScope = {}): Promise<DataFrame> {
  return withBarSnapshot(dataSource, scope, async ({ bars }) => bars);
}

/*
 * A read-only REPEATABLE READ transaction on its own pooled connection,
 * alone, exporting its snapshot for other streams, or importing one. SET
 * LOCAL: the zone lasts only for this transaction, the pooled connection
 * keeps its own.
 */
async function inReadOnlyTransaction<T>(
  dataSource: DataSource,
  snapshot: 'alone' | 'export' | { readonly imported: string },
  use: (client: PoolClient, exported: string | undefined) => Promise<T>,
): Promise<T> {
  const runner = dataSource.createQueryRunner('slave');
  const client = (await runner.connect()) as PoolClient;
  try {
    await client.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
    try {
      // Must come before the transaction's first query.
      if (typeof snapshot === 'object') await client.query(`SET TRANSACTION SNAPSHOT '${snapshot.imported}'`);
      await client.query(`SET LOCAL TIME ZONE '${SESSION_ZONE}'`);
      const exported = snapshot === 'export' ? (await client.query<{ id: string }>('SELECT pg_export_snapshot() AS id')).rows[0].id : undefined;
      const result = await use(client, exported);
      await client.query('COMMIT');
      return result;
    } catch (error) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw error;
    }
  } finally {
    await runner.release();
  }
}

/*
 * Streams split the table by physical position, so each backend reads only
 * its share of the pages (a TID Range Scan): two streams cost the server
 * 2.1-2.2 s of CPU against 3.0-3.5 s when each scanned every row for its
 * `id % 2`. Every visible row version has one ctid for the whole snapshot (a
 * concurrent update writes a new version elsewhere, invisible to it), and
 * the last range is open-ended, so the ranges cover each row exactly once.
 */
async function tablePages(client: PoolClient): Promise<number> {
  const { rows } = await client.query<{ pages: number }>(
    `SELECT (pg_relation_size('data_ingestion.market_data') / current_setting('block_size')::bigint)::int AS pages`,
  );
  return rows[0].pages;
}

function pageRange(part: number, streams: number, pages: number): string[] {
  const boundary = (k: number) => `'(${Math.floor((pages * k) / streams)},0)'::tid`;
  return [...(part > 0 ? [`ctid >= ${boundary(part)}`] : []), ...(part < streams - 1 ? [`ctid < ${boundary(part + 1)}`] : [])];
}

// COPY takes no bind parameters: every literal below has a checked shape.
function scopeConditions(scope: BarFrameScope): string[] {
  const conditions: string[] = [];
  if (scope.symbols !== undefined) {
    const literals = scope.symbols.map((symbol) => {
      if (!/^[A-Za-z0-9.-]{1,10}$/.test(symbol)) throw new RangeError(`not a symbol: ${JSON.stringify(symbol)}`);
      return `'${symbol}'`;
    });
    conditions.push(literals.length === 0 ? 'false' : `symbol IN (${literals.join(',')})`);
  }
  if (scope.from !== undefined) {
    assertIsoDate(scope.from, 'from');
    conditions.push(`timestamp >= (DATE '${scope.from}'::timestamp AT TIME ZONE 'America/New_York')`);
  }
  if (scope.to !== undefined) {
    assertIsoDate(scope.to, 'to');
    conditions.push(`timestamp < ((DATE '${scope.to}' + 1)::timestamp AT TIME ZONE 'America/New_York')`);
  }
  return conditions;
}

const where = (conditions: readonly string[]) => (conditions.length === 0 ? '' : ` WHERE ${conditions.join(' AND ')}`);

/*
 * COPY's TEXT format (tab-separated, no quoting) costs the server less than
 * CSV (1.43 s against 1.54 s for 2.5 M rows to /dev/null): nothing in these
 * columns can need quoting or escaping, and none is nullable.
 * ignoreErrors: nodejs-polars' default turns a value it cannot parse into
 * null; a bar must never be silently emptied.
 * The chunks' frames are not rechunked into one: copying 2.5 M rows into
 * fresh memory cost 0.3-0.5 s of the load (page faults, mostly) and saved
 * the checks under 0.1 s.
 */
async function copyIntoFrame(client: PoolClient, select: string, dtypes: Readonly<Record<string, DataType>>, chunkBytes: number): Promise<DataFrame> {
  const schema = dtypes as Record<string, DataType>;
  const frames: DataFrame[] = [];
  const rows = await copyOut(client, {
    select,
    format: 'text',
    chunkBytes,
    onRows: (text) => frames.push(pl.readCSV(text, { hasHeader: false, sep: '\t', schema, ignoreErrors: false })),
  });
  const frame = frames.length === 0 ? emptyFrame(dtypes) : frames.length === 1 ? frames[0] : pl.concat(frames, { how: 'vertical', rechunk: false });
  if (frame.height !== rows) throw new Error(`frame has ${frame.height} rows, COPY sent ${rows}`);
  return frame;
}
