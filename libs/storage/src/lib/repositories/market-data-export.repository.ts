import { assertIsoDate, sourceParameterProblem, symbolProblem, type IsoDate, type MarketDataSource } from '@mdi/domain';
import type { PoolClient } from 'pg';
import type { DataSource } from 'typeorm';
import { copyBinaryOut } from '../copy/copy-binary-out';
import { copyOut } from '../copy/copy-out';
import { equalRuns } from './equal-runs';
import { BAR_TUPLE_FIELDS, BarTupleDecoder, type BarColumnsTarget, type CopyBarColumns } from './bar-export-columns';
import type { CopyRows, CopyRowsTarget } from './market-data-snapshot.repository';

/** The bars of one export: these symbols' bars of one source on the sessions from..to (New York dates). */
export interface BarExportScope {
  readonly symbols: readonly string[];
  readonly from: IsoDate;
  readonly to: IsoDate;
  readonly source: MarketDataSource;
}

/**
 * Columns of `copyBars`, in order: symbol, day (the New York session as days
 * since 1970-01-01), epoch_ms (the stored timestamp in milliseconds since the
 * epoch), then open, high, low, close and volume as NUMERIC text.
 */
export const BAR_EXPORT_COLUMNS = ['symbol', 'day', 'epoch_ms', 'open', 'high', 'low', 'close', 'volume'] as const;

const SESSION_ZONE = 'America/New_York';
const SESSION_START = (date: string) => `(DATE '${date}'::timestamp AT TIME ZONE 'America/New_York')`;
const SESSION_END = (date: string) => `((DATE '${date}' + 1)::timestamp AT TIME ZONE 'America/New_York')`;

/**
 * market_data read for a backtest export: what its size check needs (bars
 * on given days, or a count per symbol), so an export too large is refused
 * before any row is read, then the rows by `COPY (SELECT ...) TO STDOUT`,
 * handed over in chunks so no bar becomes a JS object: as typed columns from
 * a binary COPY (copyBarColumns, what the export reads), or as COPY's TEXT
 * rows (copyBars: nothing in these columns needs quoting; the reference the
 * binary read is checked against). Always one source: two sources' bars of
 * one session are two rows, never one series.
 */
export class MarketDataExportRepository {
  constructor(private readonly dataSource: DataSource) {}

  /** Stored bars of each symbol in scope; a symbol without any is absent. Read from the (symbol, timestamp, source) index. */
  async countBars(scope: BarExportScope): Promise<Map<string, number>> {
    if (scope.symbols.length === 0) return new Map();
    const rows: { symbol: string; bars: number }[] = await this.dataSource.query(
      `SELECT symbol, count(*)::int AS bars
         FROM data_ingestion.market_data
        WHERE symbol = ANY($1::varchar[]) AND source = $2
          AND timestamp >= ($3::date::timestamp AT TIME ZONE 'America/New_York')
          AND timestamp < (($4::date + 1)::timestamp AT TIME ZONE 'America/New_York')
        GROUP BY symbol`,
      [[...scope.symbols], scope.source, scope.from, scope.to],
    );
    return new Map(rows.map((row) => [row.symbol, row.bars]));
  }

  /**
   * Stored bars of the symbols in scope on these New York dates (whatever
   * their time of day), one source: cheap for dates that hold few bars, such
   * as the days without a session. The dates' bars are found through the
   * timestamp index first (MATERIALIZED: asked together, the planner probes
   * the (symbol, timestamp) index once per symbol and date instead), then
   * kept when their symbol is in scope.
   */
  async countBarsOn(scope: BarExportScope, dates: readonly IsoDate[]): Promise<number> {
    if (scope.symbols.length === 0 || dates.length === 0) return 0;
    return this.dataSource.transaction(async (manager) => {
      // The planner cannot see how few bars a date holds and would JIT-compile the plan, which costs more than it runs.
      await manager.query('SET LOCAL jit = off');
      const rows: { bars: number }[] = await manager.query(
        `WITH on_dates AS MATERIALIZED (
           SELECT bar.symbol
             FROM unnest($3::date[]) AS day
             JOIN data_ingestion.market_data bar
               ON bar.timestamp >= (day::timestamp AT TIME ZONE 'America/New_York')
              AND bar.timestamp < ((day + 1)::timestamp AT TIME ZONE 'America/New_York')
            WHERE bar.source = $2)
         SELECT count(*)::int AS bars FROM on_dates WHERE symbol = ANY($1::varchar[])`,
        [[...scope.symbols], scope.source, [...dates]],
      );
      return rows[0]?.bars ?? 0;
    });
  }

  /**
   * Every bar in scope over `streams` COPYs at once, each on its own pooled
   * connection, so the server formats rows on that many cores: the symbols,
   * sorted, are cut into that many runs of about equal length, and part k
   * (what `readPart` made of the k-th run's copyBars) is k-th in the answer
   * (none for no symbol), so the parts in order are ordered as copyBars
   * orders one (when the column's collation orders tickers as JavaScript
   * does, bytewise).
   * Every symbol's bars come from one statement; the parts are separate
   * statements started together, so a write committed between their starts
   * can be in one part and not another (as between GET /bars/:symbol calls).
   * No stream waits for another's connection: two exports cannot hold the
   * pool against each other.
   */
  async copyBarsInParts<P>(
    scope: BarExportScope,
    streams: number,
    readPart: (copy: CopyRows) => Promise<P>,
  ): Promise<P[]> {
    return inParts(scope, streams, (run) => readPart((target) => this.copyBars(run, target)));
  }

  /** As copyBarsInParts, each part read by copyBarColumns; `readPart` is told which part it reads (0 first). */
  async copyBarColumnsInParts<P>(
    scope: BarExportScope,
    streams: number,
    readPart: (copy: CopyBarColumns, part: number) => Promise<P>,
  ): Promise<P[]> {
    return inParts(scope, streams, (run, part) => readPart((target) => this.copyBarColumns(run, target), part));
  }

  /**
   * Every bar in scope as BAR_EXPORT_COLUMNS rows (tab-separated), ordered
   * by symbol (the column's collation) and timestamp, into `target`;
   * resolves to the row count the server reported.
   */
  async copyBars(scope: BarExportScope, target: CopyRowsTarget): Promise<number> {
    const select = selectBars(scope, TEXT_COLUMNS);
    if (scope.symbols.length === 0) return 0;
    return this.inExportTransaction((client) =>
      copyOut(client, { select, format: 'text', chunkBytes: target.chunkBytes, onRows: target.onRows }),
    );
  }

  /**
   * Every bar in scope, ordered as copyBars orders them, read as one binary
   * COPY (no value formatted as text by the server) and handed to `target`
   * as typed columns (BarColumns), a chunk at a time; resolves to the row
   * count the server reported.
   */
  async copyBarColumns(scope: BarExportScope, target: BarColumnsTarget): Promise<number> {
    const select = selectBars(scope, BINARY_COLUMNS);
    if (scope.symbols.length === 0) return 0;
    const decoder = new BarTupleDecoder(target.chunkRows, target.onColumns);
    const rows = await this.inExportTransaction((client) => copyBinaryOut(client, { select, onTuple: decoder.tuple }));
    decoder.flush();
    return rows;
  }

  /** Runs `copy` on a pooled connection in a read-only transaction set up for the export's SELECT. */
  private async inExportTransaction(copy: (client: PoolClient) => Promise<number>): Promise<number> {
    const runner = this.dataSource.createQueryRunner('slave');
    try {
      const client = (await runner.connect()) as PoolClient;
      // SET LOCAL: the zone lasts for this transaction only, the pooled connection keeps its own.
      await client.query('BEGIN READ ONLY');
      try {
        await client.query(`SET LOCAL TIME ZONE '${SESSION_ZONE}'`);
        // JIT-compiling this plan's per-row expressions costs more than it saves on a few million rows.
        await client.query('SET LOCAL jit = off');
        const rows = await copy(client);
        await client.query('COMMIT');
        return rows;
      } catch (error) {
        await client.query('ROLLBACK').catch(() => undefined);
        throw error;
      }
    } finally {
      await runner.release();
    }
  }
}

/**
 * The symbols, sorted, cut into `streams` runs of about equal length (fewer when there are fewer symbols),
 * each read by `readRun` at once; the literals are checked before any COPY starts, so a bad one fails the
 * export, not one stream halfway.
 */
function inParts<P>(
  scope: BarExportScope,
  streams: number,
  readRun: (run: BarExportScope, part: number) => Promise<P>,
): Promise<P[]> {
  if (!Number.isInteger(streams) || streams < 1)
    throw new RangeError(`streams must be a positive integer, got ${streams}`);
  const symbols = [...scope.symbols].sort();
  const runs = symbols.length === 0 ? [] : equalRuns(symbols, Math.min(streams, symbols.length));
  selectBars(scope, TEXT_COLUMNS);
  return Promise.all(runs.map((run, part) => readRun({ ...scope, symbols: run }, part)));
}

// `timestamp::date` under the transaction's New York zone: the same date as `AT TIME ZONE 'America/New_York'`,
// which resolves the zone per row (a fifth of the COPY's time on a million rows here). date_part's double instead
// of extract's NUMERIC: cheaper, and the same milliseconds for an instant in whole milliseconds (a bar's is its
// session's midnight).
const TEXT_COLUMNS = `symbol, timestamp::date - DATE '1970-01-01' AS day,
                      (date_part('epoch', timestamp) * 1000)::bigint AS epoch_ms, open, high, low, close, volume`;
// BAR_TUPLE_FIELDS: the timestamp as stored (int64 microseconds), the session day and milliseconds worked out by
// the decoder, at no cost to the server.
const BINARY_COLUMNS = BAR_TUPLE_FIELDS.join(', ');

// COPY takes no bind parameters: every literal below is checked first, and a bad one throws before any query.
function selectBars(scope: BarExportScope, columns: string): string {
  for (const symbol of scope.symbols) {
    const problem = symbolProblem(symbol);
    if (problem) throw new RangeError(problem);
  }
  assertIsoDate(scope.from, 'from');
  assertIsoDate(scope.to, 'to');
  const sourceProblem = sourceParameterProblem(scope.source);
  if (sourceProblem) throw new RangeError(sourceProblem);
  const symbols = scope.symbols.map((symbol) => `'${symbol}'`).join(',');
  // ORDER BY walks the (symbol, timestamp) index instead of sorting, so the export needs no sort of its own.
  return `SELECT ${columns}
            FROM data_ingestion.market_data
           WHERE symbol IN (${symbols}) AND source = '${scope.source}'
             AND timestamp >= ${SESSION_START(scope.from)} AND timestamp < ${SESSION_END(scope.to)}
           ORDER BY symbol, timestamp`;
}
