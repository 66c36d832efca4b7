import type { MarketDataSource } from '@mdi/domain';
import type { DataSource } from 'typeorm';

/**
 * A change mark: a 64-bit transaction id as decimal text (opaque to callers;
 * compare nothing, pass it back). '0' is before every change.
 */
export type ChangeSeq = string;

export interface ChangedSymbol {
  readonly symbol: string;
  readonly source: MarketDataSource;
  /**
   * The New York session date of the earliest bar changed since the quality
   * baseline last took this series' changes in (QualityBaselineRepository);
   * null when it has taken them in since (the change is reported again only
   * because the mark is older).
   */
  readonly firstChangedDay: string | null;
}

export interface ChangesSince {
  /** (symbol, source) pairs whose bars were inserted, updated or deleted, in key order. */
  readonly symbols: readonly ChangedSymbol[];
  /** Symbols whose splits were added, changed or deleted, in order. */
  readonly splitSymbols: readonly string[];
  /** The mark to pass to the next changedSince: nothing committed later is missed. */
  readonly upTo: ChangeSeq;
}

/**
 * Both reads in one statement, so in one snapshot: every transaction not
 * visible to it (in flight, or begun later) has an id >= the snapshot's
 * xmin, so its changes carry change_seq >= upTo and the next read finds
 * them. A change may be reported twice (committed, but with an id >= xmin);
 * never missed.
 */
const CHANGES_SINCE_SQL = `
SELECT pg_snapshot_xmin(pg_current_snapshot())::text AS up_to,
       (SELECT coalesce(json_agg(json_build_object('symbol', symbol, 'source', source,
                                          'firstChangedDay', (first_changed_at AT TIME ZONE 'America/New_York')::date)
                        ORDER BY symbol, source), '[]')
          FROM data_ingestion.market_data_changes WHERE change_seq >= $1::bigint) AS symbols,
       (SELECT coalesce(json_agg(symbol ORDER BY symbol), '[]')
          FROM data_ingestion.corporate_action_changes WHERE action_type = 'split' AND change_seq >= $1::bigint) AS splits`;

/**
 * Reads the change watermarks that triggers on market_data and
 * corporate_actions keep in the writers' own transactions (migration
 * ChangeWatermarksAndFindings1764600000000): what changed since a mark,
 * found through an index on change_seq, never by scanning the bars.
 */
export class ChangeWatermarkRepository {
  constructor(private readonly dataSource: DataSource) {}

  /** The mark as of now: changedSince(currentSeq()) reports only what commits from now on (and what is in flight). */
  async currentSeq(): Promise<ChangeSeq> {
    const rows: { seq: string }[] = await this.dataSource.query(
      `SELECT pg_snapshot_xmin(pg_current_snapshot())::text AS seq`,
    );
    return rows[0]?.seq ?? '0';
  }

  /** The newest change recorded (its transaction's id), or null before the first. */
  async newestSeq(): Promise<ChangeSeq | null> {
    const rows: { newest: string | null }[] = await this.dataSource.query(
      `SELECT greatest((SELECT max(change_seq) FROM data_ingestion.market_data_changes),
                       (SELECT max(change_seq) FROM data_ingestion.corporate_action_changes))::text AS newest`,
    );
    return rows[0]?.newest ?? null;
  }

  /** What changed in transactions not yet visible when `seq` was taken (all changes for '0'). */
  async changedSince(seq: ChangeSeq): Promise<ChangesSince> {
    if (!/^\d{1,19}$/.test(seq)) throw new RangeError(`seq must be a change mark (decimal digits), got ${seq}`);
    const rows: { up_to: string; symbols: ChangedSymbol[]; splits: string[] }[] = await this.dataSource.query(
      CHANGES_SINCE_SQL,
      [seq],
    );
    const row = rows[0];
    if (row === undefined) throw new Error('changedSince: the statement returned no row');
    return { symbols: row.symbols, splitSymbols: row.splits, upTo: row.up_to };
  }
}
