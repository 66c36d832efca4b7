import type { Order, OrderSide } from '@mdi/domain';
import type { DataSource, EntityManager } from 'typeorm';

interface OrderRow {
  id: string;
  client_order_id: string;
  symbol: string;
  asset_class: string;
  side: OrderSide;
  type: string;
  time_in_force: string;
  status: string;
  qty: string | null;
  notional: string | null;
  filled_qty: string;
  filled_avg_price: string | null;
  limit_price: string | null;
  stop_price: string | null;
  created_at: Date;
  updated_at: Date;
  submitted_at: Date;
  filled_at: Date | null;
  canceled_at: Date | null;
}

/** One status an order was seen in, and when the broker says it changed to it. */
export interface OrderStatusObservation {
  readonly orderId: string;
  readonly status: string;
  readonly at: Date;
}

export interface StoredOrderStatus {
  readonly status: string;
  readonly updatedAt: Date;
  readonly recordedAt: Date;
}

export interface UpsertOrdersResult {
  /** Orders inserted or changed (an older copy than the stored one changes nothing). */
  readonly written: number;
  /** New rows in order_status_history. */
  readonly statusChanges: number;
}

export interface OrderQuery {
  /** Only these statuses; null for all. */
  readonly statuses: readonly string[] | null;
  readonly limit: number;
}

const COLUMNS = `id, client_order_id, symbol, asset_class, side, type, time_in_force, status, qty::text AS qty,
  notional::text AS notional, filled_qty::text AS filled_qty, filled_avg_price::text AS filled_avg_price,
  limit_price::text AS limit_price, stop_price::text AS stop_price, created_at, updated_at, submitted_at, filled_at, canceled_at`;

/**
 * data_ingestion.orders (latest copy of each order) and
 * order_status_history (every status seen). Both writes are idempotent, so
 * replicas and re-polls can repeat them freely.
 */
export class OrderRepository {
  constructor(private readonly dataSource: DataSource) {}

  /** Upserts the orders (a copy older than the stored one is ignored) and records their statuses. */
  async upsert(orders: readonly Order[]): Promise<UpsertOrdersResult> {
    const rows = [...new Map(orders.map((o) => [o.id, o])).values()];
    if (rows.length === 0) return { written: 0, statusChanges: 0 };
    return this.dataSource.transaction(async (manager) => {
      const col = <K extends keyof Order>(key: K) => rows.map((o) => o[key]);
      const written: unknown[] = await manager.query(
        `INSERT INTO data_ingestion.orders AS o (id, client_order_id, symbol, asset_class, side, type, time_in_force, status, qty,
           notional, filled_qty, filled_avg_price, limit_price, stop_price, created_at, updated_at, submitted_at, filled_at, canceled_at)
         SELECT * FROM unnest($1::varchar[], $2::varchar[], $3::varchar[], $4::varchar[], $5::varchar[], $6::varchar[],
           $7::varchar[], $8::varchar[], $9::numeric[], $10::numeric[], $11::numeric[], $12::numeric[], $13::numeric[],
           $14::numeric[], $15::timestamptz[], $16::timestamptz[], $17::timestamptz[], $18::timestamptz[], $19::timestamptz[])
         ON CONFLICT (id) DO UPDATE SET client_order_id = EXCLUDED.client_order_id, symbol = EXCLUDED.symbol,
           asset_class = EXCLUDED.asset_class, side = EXCLUDED.side, type = EXCLUDED.type,
           time_in_force = EXCLUDED.time_in_force, status = EXCLUDED.status, qty = EXCLUDED.qty, notional = EXCLUDED.notional,
           filled_qty = EXCLUDED.filled_qty, filled_avg_price = EXCLUDED.filled_avg_price, limit_price = EXCLUDED.limit_price,
           stop_price = EXCLUDED.stop_price, created_at = EXCLUDED.created_at, updated_at = EXCLUDED.updated_at,
           submitted_at = EXCLUDED.submitted_at, filled_at = EXCLUDED.filled_at, canceled_at = EXCLUDED.canceled_at
         WHERE o.updated_at <= EXCLUDED.updated_at
           AND (o.*) IS DISTINCT FROM (EXCLUDED.*)
         RETURNING 1`,
        [
          col('id'),
          col('clientOrderId'),
          col('symbol'),
          col('assetClass'),
          col('side'),
          col('type'),
          col('timeInForce'),
          col('status'),
          col('qty'),
          col('notional'),
          col('filledQty'),
          col('filledAvgPrice'),
          col('limitPrice'),
          col('stopPrice'),
          col('createdAt'),
          col('updatedAt'),
          col('submittedAt'),
          col('filledAt'),
          col('canceledAt'),
        ],
      );
      const statusChanges = await appendStatuses(
        manager,
        rows.map((o) => ({ orderId: o.id, status: o.status, at: o.updatedAt })),
      );
      return { written: written.length, statusChanges };
    });
  }

  /** Records statuses seen elsewhere (a fill carries its order's status); resolves to the rows added. */
  recordStatuses(observations: readonly OrderStatusObservation[]): Promise<number> {
    return appendStatuses(this.dataSource.manager, observations);
  }

  /** Submission time of the oldest stored order whose status is not one of `finalStatuses`, or null. */
  async oldestSubmittedNotIn(finalStatuses: readonly string[]): Promise<Date | null> {
    const rows: { oldest: Date | null }[] = await this.dataSource.query(
      `SELECT min(submitted_at) AS oldest FROM data_ingestion.orders WHERE NOT (status = ANY($1::varchar[]))`,
      [[...finalStatuses]],
    );
    return rows[0]?.oldest ?? null;
  }

  /** Newest submitted first. */
  async list(query: OrderQuery): Promise<Order[]> {
    const rows: OrderRow[] = await this.dataSource.query(
      `SELECT ${COLUMNS} FROM data_ingestion.orders
        WHERE $1::varchar[] IS NULL OR status = ANY($1::varchar[])
        ORDER BY submitted_at DESC, id LIMIT $2`,
      [query.statuses === null ? null : [...query.statuses], query.limit],
    );
    return rows.map(toOrder);
  }

  async get(id: string): Promise<Order | null> {
    const rows: OrderRow[] = await this.dataSource.query(`SELECT ${COLUMNS} FROM data_ingestion.orders WHERE id = $1`, [
      id,
    ]);
    return rows[0] ? toOrder(rows[0]) : null;
  }

  /** Every status recorded for one order, in the order the broker changed them. */
  async statusHistory(orderId: string): Promise<StoredOrderStatus[]> {
    const rows: { status: string; updated_at: Date; recorded_at: Date }[] = await this.dataSource.query(
      `SELECT status, updated_at, recorded_at FROM data_ingestion.order_status_history
        WHERE order_id = $1 ORDER BY updated_at, id`,
      [orderId],
    );
    return rows.map((r) => ({ status: r.status, updatedAt: r.updated_at, recordedAt: r.recorded_at }));
  }
}

async function appendStatuses(
  manager: EntityManager,
  observations: readonly OrderStatusObservation[],
): Promise<number> {
  if (observations.length === 0) return 0;
  const added: unknown[] = await manager.query(
    `INSERT INTO data_ingestion.order_status_history (order_id, status, updated_at)
     SELECT * FROM unnest($1::varchar[], $2::varchar[], $3::timestamptz[])
     ON CONFLICT (order_id, status, updated_at) DO NOTHING
     RETURNING 1`,
    [observations.map((o) => o.orderId), observations.map((o) => o.status), observations.map((o) => o.at)],
  );
  return added.length;
}

function toOrder(row: OrderRow): Order {
  return {
    id: row.id,
    clientOrderId: row.client_order_id,
    symbol: row.symbol,
    assetClass: row.asset_class,
    side: row.side,
    type: row.type,
    timeInForce: row.time_in_force,
    status: row.status,
    qty: row.qty,
    notional: row.notional,
    filledQty: row.filled_qty,
    filledAvgPrice: row.filled_avg_price,
    limitPrice: row.limit_price,
    stopPrice: row.stop_price,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    submittedAt: row.submitted_at,
    filledAt: row.filled_at,
    canceledAt: row.canceled_at,
  };
}
