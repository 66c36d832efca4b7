import type { Position, PositionSide } from '@mdi/domain';
import type { DataSource } from 'typeorm';

interface PositionRow {
  asset_id: string;
  symbol: string;
  exchange: string;
  asset_class: string;
  side: PositionSide;
  qty: string;
  avg_entry_price: string;
  market_value: string;
  cost_basis: string;
  unrealized_pl: string;
  current_price: string;
  lastday_price: string;
  updated_at: Date;
}

export interface StoredPosition extends Position {
  /** When the poll that wrote this row read it from the broker. */
  readonly updatedAt: Date;
}

export interface ReplacePositionsResult {
  readonly upserted: number;
  readonly removed: number;
}

/**
 * data_ingestion.positions: the current positions only. Each poll replaces
 * the set; `updated_at` is the poll's read time, so a slow replica holding an
 * older poll can neither overwrite nor delete what a newer poll wrote.
 */
export class PositionRepository {
  constructor(private readonly dataSource: DataSource) {}

  /**
   * Upserts `positions` and removes every other row older than `readAt`
   * (a position that is gone was closed), except the asset ids in `keep`
   * (rows the broker sent but we could not read: their last state stays).
   */
  async replaceAll(
    positions: readonly Position[],
    readAt: Date,
    keep: readonly string[] = [],
  ): Promise<ReplacePositionsResult> {
    return this.dataSource.transaction(async (manager) => {
      const byAsset = new Map(positions.map((p) => [p.assetId, p]));
      const rows = [...byAsset.values()];
      const col = <K extends keyof Position>(key: K) => rows.map((p) => p[key]);
      const upserted: unknown[] =
        rows.length === 0
          ? []
          : await manager.query(
              `INSERT INTO data_ingestion.positions AS p (asset_id, symbol, exchange, asset_class, side, qty, avg_entry_price,
           market_value, cost_basis, unrealized_pl, current_price, lastday_price, updated_at)
         SELECT a, s, e, c, sd, q, ae, mv, cb, up, cp, lp, $13::timestamptz
           FROM unnest($1::varchar[], $2::varchar[], $3::varchar[], $4::varchar[], $5::varchar[], $6::numeric[], $7::numeric[],
                       $8::numeric[], $9::numeric[], $10::numeric[], $11::numeric[], $12::numeric[])
                AS t(a, s, e, c, sd, q, ae, mv, cb, up, cp, lp)
         ON CONFLICT (asset_id) DO UPDATE SET symbol = EXCLUDED.symbol, exchange = EXCLUDED.exchange,
           asset_class = EXCLUDED.asset_class, side = EXCLUDED.side, qty = EXCLUDED.qty,
           avg_entry_price = EXCLUDED.avg_entry_price, market_value = EXCLUDED.market_value,
           cost_basis = EXCLUDED.cost_basis, unrealized_pl = EXCLUDED.unrealized_pl,
           current_price = EXCLUDED.current_price, lastday_price = EXCLUDED.lastday_price, updated_at = EXCLUDED.updated_at
         WHERE p.updated_at <= EXCLUDED.updated_at
         RETURNING 1`,
              [
                col('assetId'),
                col('symbol'),
                col('exchange'),
                col('assetClass'),
                col('side'),
                col('qty'),
                col('avgEntryPrice'),
                col('marketValue'),
                col('costBasis'),
                col('unrealizedPl'),
                col('currentPrice'),
                col('lastdayPrice'),
                readAt,
              ],
            );
      // A CTE, because TypeORM answers a bare DELETE with [rows, count] instead of rows.
      const removed: { n: number }[] = await manager.query(
        `WITH gone AS (
           DELETE FROM data_ingestion.positions
            WHERE updated_at < $1 AND NOT (asset_id = ANY($2::varchar[])) AND NOT (asset_id = ANY($3::varchar[]))
            RETURNING 1)
         SELECT count(*)::int AS n FROM gone`,
        [readAt, [...byAsset.keys()], [...keep]],
      );
      return { upserted: upserted.length, removed: removed[0]?.n ?? 0 };
    });
  }

  async list(): Promise<StoredPosition[]> {
    const rows: PositionRow[] = await this.dataSource.query(
      `SELECT asset_id, symbol, exchange, asset_class, side, qty::text AS qty, avg_entry_price::text AS avg_entry_price,
              market_value::text AS market_value, cost_basis::text AS cost_basis, unrealized_pl::text AS unrealized_pl,
              current_price::text AS current_price, lastday_price::text AS lastday_price, updated_at
         FROM data_ingestion.positions ORDER BY symbol, asset_id`,
    );
    return rows.map((row) => ({
      assetId: row.asset_id,
      symbol: row.symbol,
      exchange: row.exchange,
      assetClass: row.asset_class,
      side: row.side,
      qty: row.qty,
      avgEntryPrice: row.avg_entry_price,
      marketValue: row.market_value,
      costBasis: row.cost_basis,
      unrealizedPl: row.unrealized_pl,
      currentPrice: row.current_price,
      lastdayPrice: row.lastday_price,
      updatedAt: row.updated_at,
    }));
  }
}
