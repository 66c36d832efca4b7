import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import { SCHEMA } from './schema';

/** One Alpaca FILL activity; its activity id is the primary (idempotency) key. */
@Entity({ schema: SCHEMA, name: 'fills' })
@Index('idx_fills_order_id', ['orderId'])
@Index('idx_fills_transaction_time', ['transactionTime'])
export class FillEntity {
  @PrimaryColumn({ type: 'varchar', length: 128, primaryKeyConstraintName: 'fills_pkey' })
  id!: string;

  @Column({ name: 'order_id', type: 'varchar', length: 64 })
  orderId!: string;

  @Column({ type: 'varchar', length: 20 })
  symbol!: string;

  @Column({ type: 'varchar', length: 8 })
  side!: string;

  @Column({ type: 'varchar', length: 16 })
  type!: string;

  @Column({ type: 'numeric' })
  price!: string;

  @Column({ type: 'numeric' })
  qty!: string;

  @Column({ name: 'cum_qty', type: 'numeric' })
  cumQty!: string;

  @Column({ name: 'leaves_qty', type: 'numeric' })
  leavesQty!: string;

  @Column({ name: 'order_status', type: 'varchar', length: 32 })
  orderStatus!: string;

  @Column({ name: 'transaction_time', type: 'timestamptz' })
  transactionTime!: Date;
}
