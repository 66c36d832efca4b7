import { assertIsoDate, MARKET_DATA_SOURCES, symbolProblem, type IsoDate, type MarketDataSource } from '@mdi/domain';
import type { PoolClient } from 'pg';
import type { DataSource } from 'typeorm';
import { copyOut } from '../copy/copy-out';
import type { CopyRowsTarget } from './market-data-snapshot.repository';

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
 * market_data read for a backtest export: a count per symbol first (so an
 * export too large is refused before any row is read), then the rows as one
 * `COPY (SELECT ...) TO STDOUT` stream in COPY's TEXT format (nothing in
 * these columns needs quoting), handed over in chunks so no bar becomes a JS
 * object. Always one source: two sources' bars of one session are two rows,
 * never one series.
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
   * Every bar in scope as BAR_EXPORT_COLUMNS rows (tab-separated, no order),
   * into `target`; resolves to the row count the server reported.
   */
  async copyBars(scope: BarExportScope, target: CopyRowsTarget): Promise<number> {
    const select = selectBars(scope);
    if (scope.symbols.length === 0) return 0;
    const runner = this.dataSource.createQueryRunner('slave');
    try {
      const client = (await runner.connect()) as PoolClient;
      // SET LOCAL: the zone lasts for this transaction only, the pooled connection keeps its own.
      await client.query('BEGIN READ ONLY');
      try {
        await client.query(`SET LOCAL TIME ZONE '${SESSION_ZONE}'`);
        const rows = await copyOut(client, {
          select,
          format: 'text',
          chunkBytes: target.chunkBytes,
          onRows: target.onRows,
        });
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

// COPY takes no bind parameters: every literal below is checked first, and a bad one throws before any query.
function selectBars(scope: BarExportScope): string {
  for (const symbol of scope.symbols) {
    const problem = symbolProblem(symbol);
    if (problem) throw new RangeError(problem);
  }
  assertIsoDate(scope.from, 'from');
  assertIsoDate(scope.to, 'to');
  if (!MARKET_DATA_SOURCES.includes(scope.source))
    throw new RangeError(
      `source must be one of ${MARKET_DATA_SOURCES.join(', ')}, got ${JSON.stringify(scope.source)}`,
    );
  const symbols = scope.symbols.map((symbol) => `'${symbol}'`).join(',');
  // `timestamp::date` under the transaction's New York zone: the same date as `AT TIME ZONE 'America/New_York'`,
  // which resolves the zone per row (a fifth of the COPY's time on a million rows here).
  return `SELECT symbol, timestamp::date - DATE '1970-01-01' AS day,
                 (extract(epoch FROM timestamp) * 1000)::bigint AS epoch_ms, open, high, low, close, volume
            FROM data_ingestion.market_data
           WHERE symbol IN (${symbols}) AND source = '${scope.source}'
             AND timestamp >= ${SESSION_START(scope.from)} AND timestamp < ${SESSION_END(scope.to)}`;
}
