import type { Fill, FillSide, FillType } from '@mdi/domain';
import type { DataSource } from 'typeorm';

interface FillRow {
  id: string;
  order_id: string;
  symbol: string;
  side: FillSide;
  type: FillType;
  price: string;
  qty: string;
  cum_qty: string;
  leaves_qty: string;
  order_status: string;
  transaction_time: Date;
}

export interface FillQuery {
  /** Fills whose transaction time is at or after this instant. */
  readonly since: Date | null;
  readonly orderId: string | null;
  readonly limit: number;
}

/**
 * data_ingestion.fills, keyed by Alpaca's activity id. A fill is written once
 * whoever sees it first (any replica, any retry); `insertNew` tells the caller
 * which fills were new, so follow-up work runs exactly once per fill.
 */
export class FillRepository {
  constructor(private readonly dataSource: DataSource) {}

  /** INSERT ... ON CONFLICT DO NOTHING; resolves to the fills this call added. */
  async insertNew(fills: readonly Fill[]): Promise<Fill[]> {
    const rows = [...new Map(fills.map((f) => [f.id, f])).values()];
    if (rows.length === 0) return [];
    const col = <K extends keyof Fill>(key: K) => rows.map((f) => f[key]);
    const added: { id: string }[] = await this.dataSource.query(
      `INSERT INTO data_ingestion.fills (id, order_id, symbol, side, type, price, qty, cum_qty, leaves_qty, order_status, transaction_time)
       SELECT * FROM unnest($1::varchar[], $2::varchar[], $3::varchar[], $4::varchar[], $5::varchar[], $6::numeric[],
         $7::numeric[], $8::numeric[], $9::numeric[], $10::varchar[], $11::timestamptz[])
       ON CONFLICT (id) DO NOTHING
       RETURNING id`,
      [
        col('id'),
        col('orderId'),
        col('symbol'),
        col('side'),
        col('type'),
        col('price'),
        col('qty'),
        col('cumQty'),
        col('leavesQty'),
        col('orderStatus'),
        col('transactionTime'),
      ],
    );
    const ids = new Set(added.map((row) => row.id));
    return rows.filter((f) => ids.has(f.id));
  }

  /** Oldest first (transaction time, then id). */
  async list(query: FillQuery): Promise<Fill[]> {
    const rows: FillRow[] = await this.dataSource.query(
      `SELECT id, order_id, symbol, side, type, price::text AS price, qty::text AS qty, cum_qty::text AS cum_qty,
              leaves_qty::text AS leaves_qty, order_status, transaction_time
         FROM data_ingestion.fills
        WHERE ($1::timestamptz IS NULL OR transaction_time >= $1::timestamptz)
          AND ($2::varchar IS NULL OR order_id = $2::varchar)
        ORDER BY transaction_time, id LIMIT $3`,
      [query.since, query.orderId, query.limit],
    );
    return rows.map((row) => ({
      id: row.id,
      orderId: row.order_id,
      symbol: row.symbol,
      side: row.side,
      type: row.type,
      price: row.price,
      qty: row.qty,
      cumQty: row.cum_qty,
      leavesQty: row.leaves_qty,
      orderStatus: row.order_status,
      transactionTime: row.transaction_time,
    }));
  }
}
