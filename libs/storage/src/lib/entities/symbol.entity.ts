import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import { SCHEMA } from './schema';

@Entity({ schema: SCHEMA, name: 'symbols' })
@Index('idx_symbols_status', ['status'])
export class SymbolEntity {
  @PrimaryColumn({ type: 'varchar', length: 10, primaryKeyConstraintName: 'symbols_pkey' })
  symbol!: string;

  @Column({ type: 'varchar', length: 255, nullable: true })
  name!: string | null;

  @Column({ type: 'varchar', length: 50, nullable: true })
  exchange!: string | null;

  @Column({ type: 'varchar', length: 100, nullable: true })
  sector!: string | null;

  /** pg returns BIGINT as text; the repository converts. */
  @Column({ name: 'market_cap', type: 'bigint', nullable: true })
  marketCap!: string | null;

  @Column({ type: 'varchar', length: 20, nullable: true, default: 'active' })
  status!: string | null;

  @Column({ name: 'added_date', type: 'timestamp', nullable: true, default: () => 'now()' })
  addedDate!: Date | null;

  @Column({ name: 'last_updated', type: 'timestamp', nullable: true, default: () => 'now()' })
  lastUpdated!: Date | null;

  /** The provider's security type (CS, ETF, ...), written by the reference sync. */
  @Column({ type: 'varchar', length: 20, nullable: true })
  type!: string | null;
}
