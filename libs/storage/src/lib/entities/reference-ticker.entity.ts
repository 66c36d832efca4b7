import { Column, Entity, PrimaryColumn } from 'typeorm';
import { SCHEMA } from './schema';

/** A ticker the provider knows (grouped-daily rows and the reference listing). */
@Entity({ schema: SCHEMA, name: 'reference_tickers' })
export class ReferenceTickerEntity {
  @PrimaryColumn({ type: 'varchar', length: 10, primaryKeyConstraintName: 'reference_tickers_pkey' })
  symbol!: string;

  @Column({ type: 'varchar', length: 255, nullable: true })
  name!: string | null;

  @Column({ type: 'varchar', length: 50, nullable: true })
  exchange!: string | null;

  @Column({ type: 'varchar', length: 20, nullable: true })
  type!: string | null;

  @Column({ type: 'boolean' })
  active!: boolean;

  @Column({ name: 'delisted_date', type: 'date', nullable: true })
  delistedDate!: string | null;

  @Column({ name: 'last_seen', type: 'date', nullable: true })
  lastSeen!: string | null;

  @Column({ type: 'varchar', length: 20 })
  source!: string;

  @Column({ name: 'updated_at', type: 'timestamptz', default: () => 'now()' })
  updatedAt!: Date;

  /** Newest session of the evidence a ticker-details lookup last settled. */
  @Column({ name: 'checked_through', type: 'date', nullable: true })
  checkedThrough!: string | null;
}
