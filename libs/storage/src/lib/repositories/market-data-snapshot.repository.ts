import { assertIsoDate, type IsoDate } from '@mdi/domain';
import type { PoolClient } from 'pg';
import type { DataSource } from 'typeorm';
import { copyOut } from '../copy/copy-out';
import { equalRuns } from './equal-runs';

/** Which bars a snapshot read covers, and over how many COPY streams. */
export interface MarketDataSnapshotScope {
  /** Only these symbols; all when absent. */
  readonly symbols?: readonly string[];
  /** Sessions from this date (inclusive). */
  readonly from?: IsoDate;
  /** Sessions up to this date (inclusive). */
  readonly to?: IsoDate;
  /**
   * Parallel COPY streams, so the server formats rows on several cores: the table split into page
   * ranges, or, with a symbol list, the list split into runs (each stream reads its own symbols
   * through the (symbol, timestamp) index instead of every page). 2 by default, never more than
   * the pool's connections or the listed symbols. One stream suits a small read (no snapshot to
   * share, no turn to wait).
   */
  readonly streams?: number;
  /** Each bar's `source` too, as a last column (a small read that would otherwise ask for it separately). */
  readonly withSource?: boolean;
}

/** Where one COPY's rows go: chunks of whole rows in COPY's TEXT format (see copyOut). */
export interface CopyRowsTarget {
  readonly chunkBytes: number;
  readonly onRows: (rows: Buffer) => void;
}

/** Runs one COPY into `target`; resolves to the row count the server reported. */
export type CopyRows = (target: CopyRowsTarget) => Promise<number>;

/** One database snapshot of market_data, read as COPY TEXT rows. */
export interface MarketDataSnapshot {
  /**
   * Every bar in scope, one part per stream, read concurrently (call once).
   * Columns, tab-separated: symbol, day (the New York session as days since
   * 1970-01-01), id, open, high, low, close, volume (NUMERIC text), and source
   * when the scope asks for it. No order.
   */
  readBars<P>(readPart: (copy: CopyRows) => Promise<P>): Promise<P[]>;
  /** `id`, `xmin` and `source` of these symbols' bars in scope, as of the same snapshot (non-empty list). */
  copyBatches(symbols: readonly string[], target: CopyRowsTarget): Promise<number>;
}

/**
 * A bar exactly as stored, as node-postgres returns it (timestamptz as a Date,
 * BIGINT, xid and NUMERIC as text): the input of the quality-service's per-row
 * reference checks, which convert it themselves.
 */
export interface MarketDataStoredRow {
  symbol: string;
  timestamp: Date;
  id: string;
  /** The row's xmin: which transaction wrote it. */
  batch: string;
  source: string;
  open: string;
  high: string;
  low: string;
  close: string;
  volume: string;
}

/*
 * The server does as little as possible per row (bench/README.md, "Why the quality load is shaped so"):
 * - prices and volumes go out as NUMERIC text and polars parses them as
 *   Float64 (NUMERIC(18,6) fits a double's 15-16 significant digits for every
 *   realistic price, NUMERIC(25,6) for every realistic volume, fractions of
 *   a share included); `::float8` or scaled `(p * 1e6)::bigint` cost
 *   the server more than the text they save;
 * - the session date is `timestamp::date` under a transaction-local
 *   TimeZone of America/New_York (same value as `AT TIME ZONE
 *   'America/New_York'`, which resolves the zone per row), sent
 *   as days since 1970-01-01, so polars reads an integer instead of a date;
 * - xmin (which transaction wrote the row) and source are not in the bulk
 *   read: only the out-of-order check needs xmin, for the few symbols whose
 *   ids fall as their dates rise, and the duplicate check needs source only
 *   for the few sessions with a second bar; reading xmin for every row costs
 *   the server a fifth of the bulk read.
 * No ORDER BY: polars sorts faster, on both cores.
 */
const SESSION_ZONE = 'America/New_York';
/** node-postgres' pool size when TypeORM is given none. */
const PG_DEFAULT_POOL_SIZE = 10;
const SELECT_BARS = `
  SELECT symbol, timestamp::date - DATE '1970-01-01' AS day, id, open, high, low, close, volume
    FROM data_ingestion.market_data`;
const SELECT_BARS_WITH_SOURCE = `
  SELECT symbol, timestamp::date - DATE '1970-01-01' AS day, id, open, high, low, close, volume, source
    FROM data_ingestion.market_data`;
const SELECT_BATCHES = `SELECT id, xmin AS batch, source FROM data_ingestion.market_data`;

/** The multi-stream loads of each DataSource, chained: each starts when the one before has finished. */
const turns = new WeakMap<DataSource, Promise<unknown>>();

/**
 * market_data read whole, for the quality checks: `COPY (SELECT ...) TO
 * STDOUT` streams of one snapshot (no bar becomes a JS object here), and the
 * plain per-row read of the per-row reference checks.
 *
 * Every stream reads one snapshot: the first exports it, the others import
 * it, so a write committed between their starts is seen by all or none.
 * `use` runs while the first stream's transaction is still open, so
 * `copyBatches` reads that snapshot too.
 *
 * The first stream holds its connection while the others wait for theirs,
 * so two such loads sharing a pool could each hold one connection and wait
 * for a second until the pool's connect timeout fails both. Loads of more
 * than one stream therefore take turns per DataSource, and never use more
 * streams than the pool has connections.
 */
export class MarketDataSnapshotRepository {
  constructor(private readonly dataSource: DataSource) {}

  withSnapshot<T>(scope: MarketDataSnapshotScope, use: (snapshot: MarketDataSnapshot) => Promise<T>): Promise<T> {
    const requested = scope.streams ?? 2;
    if (!Number.isInteger(requested) || requested < 1 || requested > 8)
      throw new RangeError(`streams must be 1 to 8, got ${requested}`);
    const streams = Math.max(
      1,
      Math.min(requested, this.dataSource.options.poolSize ?? PG_DEFAULT_POOL_SIZE, scope.symbols?.length ?? requested),
    );
    // Checked before any connection is taken: a bad symbol or date fails the load, not a stream halfway.
    const conditions = scopeConditions(scope);
    const read = () => this.readSnapshot(scope, conditions, streams, use);
    return streams === 1 ? read() : this.inTurn(read);
  }

  /** Every bar as stored, with its xmin as `batch`, converted by nothing but the driver (see MarketDataStoredRow). */
  storedRows(): Promise<MarketDataStoredRow[]> {
    return this.dataSource.query(
      `SELECT symbol, timestamp, id, xmin AS batch, source, open, high, low, close, volume FROM data_ingestion.market_data`,
    );
  }

  private inTurn<T>(work: () => Promise<T>): Promise<T> {
    const previous = turns.get(this.dataSource) ?? Promise.resolve();
    const mine = previous.then(work, work);
    turns.set(
      this.dataSource,
      mine.catch(() => undefined),
    );
    return mine;
  }

  private readSnapshot<T>(
    scope: MarketDataSnapshotScope,
    conditions: readonly string[],
    streams: number,
    use: (snapshot: MarketDataSnapshot) => Promise<T>,
  ): Promise<T> {
    const listed = scope.symbols !== undefined;
    return this.inReadOnlyTransaction(streams === 1 ? 'alone' : 'export', listed, async (first, exported) => {
      const select = scope.withSource === true ? SELECT_BARS_WITH_SOURCE : SELECT_BARS;
      const partOf = await this.streamParts(first, scope, conditions, streams, select);
      return use({
        readBars: async <P>(readPart: (copy: CopyRows) => Promise<P>) => {
          const others =
            exported === undefined
              ? []
              : Array.from({ length: streams - 1 }, (_, index) =>
                  this.inReadOnlyTransaction({ imported: exported }, listed, (client) =>
                    readPart(copyText(client, partOf(index + 1))),
                  ),
                );
          return Promise.all([readPart(copyText(first, partOf(0))), ...others]);
        },
        copyBatches: (symbols, target) =>
          copyText(first, SELECT_BATCHES + where(scopeConditions({ ...scope, symbols })))(target),
      });
    });
  }

  /**
   * The SELECT of each stream. A symbol list is cut into `streams` runs, each
   * stream reading its run's bars (a bitmap or index scan of the
   * (symbol, timestamp) index): a batch of a run reads its share of the table,
   * not every page. Without a list, the streams split the table's pages.
   */
  private async streamParts(
    client: PoolClient,
    scope: MarketDataSnapshotScope,
    conditions: readonly string[],
    streams: number,
    select: string,
  ): Promise<(part: number) => string> {
    const symbols = scope.symbols;
    if (streams === 1) return () => select + where(conditions);
    if (symbols !== undefined) {
      const runs = equalRuns(symbols, streams);
      return (part) => select + where(scopeConditions({ ...scope, symbols: runs[part] }));
    }
    const pages = await tablePages(client);
    return (part) => select + where([...pageRange(part, streams, pages), ...conditions]);
  }

  /*
   * A read-only REPEATABLE READ transaction on its own pooled connection,
   * alone, exporting its snapshot for other streams, or importing one. SET
   * LOCAL: the zone and the planner settings last only for this transaction,
   * the pooled connection keeps its own.
   * The planner's settings: no parallel workers (the streams are this read's
   * parallelism; on a large table the planner would add two workers to each
   * stream, every one scanning the whole table for its symbols); and for a
   * symbol list (`listed`), no sequential scan, so each stream reads its own
   * symbols' rows through the (symbol, timestamp) index. The cost of such a
   * read follows the rows it sends, whether the table was written symbol by
   * symbol (an index scan) or session by session, each session's rows
   * written in symbol order as every writer does (a bitmap scan of the pages
   * holding them); a sequential scan would read every row of the table for
   * each stream of each batch.
   */
  private async inReadOnlyTransaction<T>(
    snapshot: 'alone' | 'export' | { readonly imported: string },
    listed: boolean,
    use: (client: PoolClient, exported: string | undefined) => Promise<T>,
  ): Promise<T> {
    const runner = this.dataSource.createQueryRunner('slave');
    const client = (await runner.connect()) as PoolClient;
    try {
      await client.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
      try {
        // Must come before the transaction's first query.
        if (typeof snapshot === 'object') await client.query(`SET TRANSACTION SNAPSHOT '${snapshot.imported}'`);
        await client.query(
          `SET LOCAL TIME ZONE '${SESSION_ZONE}'; SET LOCAL max_parallel_workers_per_gather = 0` +
            (listed ? '; SET LOCAL enable_seqscan = off' : ''),
        );
        const exported =
          snapshot === 'export'
            ? (await client.query<{ id: string }>('SELECT pg_export_snapshot() AS id')).rows[0].id
            : undefined;
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
}

/*
 * COPY's TEXT format (tab-separated, no quoting) costs the server less than
 * CSV: nothing in these columns can need quoting or escaping, and none is
 * nullable.
 */
function copyText(client: PoolClient, select: string): CopyRows {
  return ({ chunkBytes, onRows }) => copyOut(client, { select, format: 'text', chunkBytes, onRows });
}

/*
 * Without a symbol list, streams split the table by physical position, so each backend reads only
 * its share of the pages (a TID Range Scan): two streams cost the server
 * about a third less CPU than when each scans every row for its `id % 2`. Every visible row version has one ctid for the whole snapshot (a
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
  return [
    ...(part > 0 ? [`ctid >= ${boundary(part)}`] : []),
    ...(part < streams - 1 ? [`ctid < ${boundary(part + 1)}`] : []),
  ];
}

// COPY takes no bind parameters: every literal below has a checked shape.
function scopeConditions(scope: MarketDataSnapshotScope): string[] {
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
