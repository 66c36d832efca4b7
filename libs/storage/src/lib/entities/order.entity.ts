import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import { SCHEMA } from './schema';

@Entity({ schema: SCHEMA, name: 'orders' })
@Index('idx_orders_status', ['status'])
@Index('idx_orders_submitted_at', ['submittedAt'])
export class OrderEntity {
  @PrimaryColumn({ type: 'varchar', length: 64, primaryKeyConstraintName: 'orders_pkey' })
  id!: string;

  @Column({ name: 'client_order_id', type: 'varchar', length: 128 })
  clientOrderId!: string;

  @Column({ type: 'varchar', length: 20 })
  symbol!: string;

  @Column({ name: 'asset_class', type: 'varchar', length: 20 })
  assetClass!: string;

  @Column({ type: 'varchar', length: 8 })
  side!: string;

  @Column({ type: 'varchar', length: 20 })
  type!: string;

  @Column({ name: 'time_in_force', type: 'varchar', length: 8 })
  timeInForce!: string;

  @Column({ type: 'varchar', length: 32 })
  status!: string;

  @Column({ type: 'numeric', nullable: true })
  qty!: string | null;

  @Column({ type: 'numeric', nullable: true })
  notional!: string | null;

  @Column({ name: 'filled_qty', type: 'numeric' })
  filledQty!: string;

  @Column({ name: 'filled_avg_price', type: 'numeric', nullable: true })
  filledAvgPrice!: string | null;

  @Column({ name: 'limit_price', type: 'numeric', nullable: true })
  limitPrice!: string | null;

  @Column({ name: 'stop_price', type: 'numeric', nullable: true })
  stopPrice!: string | null;

  @Column({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @Column({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;

  @Column({ name: 'submitted_at', type: 'timestamptz' })
  submittedAt!: Date;

  @Column({ name: 'filled_at', type: 'timestamptz', nullable: true })
  filledAt!: Date | null;

  @Column({ name: 'canceled_at', type: 'timestamptz', nullable: true })
  canceledAt!: Date | null;
}
