import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import { SCHEMA } from './schema';

const PK = 'symbol_data_status_pkey';

@Entity({ schema: SCHEMA, name: 'symbol_data_status' })
@Index('idx_symbol_data_status_symbol_date', ['symbol', 'date'])
export class SymbolDataStatusEntity {
  @PrimaryColumn({ type: 'varchar', length: 10, primaryKeyConstraintName: PK })
  symbol!: string;

  @PrimaryColumn({ type: 'date', primaryKeyConstraintName: PK })
  date!: string;

  @PrimaryColumn({ name: 'data_source', type: 'varchar', length: 50, primaryKeyConstraintName: PK })
  dataSource!: string;

  @Column({ type: 'varchar', length: 20, nullable: true })
  status!: string | null;

  @Column({ name: 'error_message', type: 'text', nullable: true })
  errorMessage!: string | null;

  @Column({ name: 'last_attempt', type: 'timestamp', nullable: true, default: () => 'now()' })
  lastAttempt!: Date | null;
}
