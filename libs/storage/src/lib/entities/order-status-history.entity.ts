import { Column, Entity, PrimaryGeneratedColumn, Unique } from 'typeorm';
import { SCHEMA } from './schema';

/** Every status an order was seen in; the unique key makes re-polling idempotent. */
@Entity({ schema: SCHEMA, name: 'order_status_history' })
@Unique('order_status_history_order_id_status_updated_at_key', ['orderId', 'status', 'updatedAt'])
export class OrderStatusHistoryEntity {
  @PrimaryGeneratedColumn('increment', { type: 'bigint', primaryKeyConstraintName: 'order_status_history_pkey' })
  id!: string;

  @Column({ name: 'order_id', type: 'varchar', length: 64 })
  orderId!: string;

  @Column({ type: 'varchar', length: 32 })
  status!: string;

  @Column({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;

  @Column({ name: 'recorded_at', type: 'timestamptz', default: () => 'now()' })
  recordedAt!: Date;
}
