import { Column, Entity, PrimaryColumn } from 'typeorm';
import { SCHEMA } from './schema';

@Entity({ schema: SCHEMA, name: 'delisted_symbols' })
export class DelistedSymbolEntity {
  @PrimaryColumn({ type: 'varchar', length: 10, primaryKeyConstraintName: 'delisted_symbols_pkey' })
  symbol!: string;

  @Column({ name: 'delist_date', type: 'date', nullable: true })
  delistDate!: string | null;

  /** Seed type kept: DECIMAL(10,2), so PostgreSQL rounds to cents. */
  @Column({ name: 'last_price', type: 'numeric', precision: 10, scale: 2, nullable: true })
  lastPrice!: string | null;

  @Column({ type: 'text', nullable: true })
  notes!: string | null;

  @Column({ name: 'created_at', type: 'timestamp', nullable: true, default: () => 'now()' })
  createdAt!: Date | null;
}
