import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import { SCHEMA } from './schema';

@Entity({ schema: SCHEMA, name: 'data_quality_logs' })
@Index('idx_data_quality_logs_timestamp', ['timestamp'])
export class DataQualityLogEntity {
  @PrimaryGeneratedColumn('increment', { type: 'integer', primaryKeyConstraintName: 'data_quality_logs_pkey' })
  id!: number;

  @Column({ type: 'varchar', length: 10, nullable: true })
  symbol!: string | null;

  @Column({ name: 'check_type', type: 'varchar', length: 50 })
  checkType!: string;

  @Column({ type: 'varchar', length: 20 })
  status!: string;

  @Column({ type: 'text', nullable: true })
  message!: string | null;

  @Column({ type: 'timestamptz', nullable: true, default: () => 'now()' })
  timestamp!: Date | null;

  /** Added to the seed: structured context (counts, offending values) for queries. */
  @Column({ type: 'jsonb', nullable: true })
  details!: Record<string, unknown> | null;
}
