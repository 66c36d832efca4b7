import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import { SCHEMA } from './schema';

const PK = 'backfill_calls_pkey';

/** One planned provider call of a run: pending, done once its cells are in the ledger, or failed with its error. */
@Entity({ schema: SCHEMA, name: 'backfill_calls' })
@Index('idx_backfill_calls_job_id', ['jobId'])
export class BackfillCallEntity {
  @PrimaryColumn({ name: 'run_id', type: 'bigint', primaryKeyConstraintName: PK })
  runId!: string;

  @PrimaryColumn({ name: 'job_id', type: 'varchar', length: 200, primaryKeyConstraintName: PK })
  jobId!: string;

  @Column({ type: 'jsonb' })
  job!: Record<string, unknown>;

  @Column({ name: 'cell_count', type: 'integer' })
  cellCount!: number;

  @Column({ type: 'varchar', length: 20, default: 'pending' })
  status!: string;

  @Column({ name: 'done_at', type: 'timestamptz', nullable: true })
  doneAt!: Date | null;

  @Column({ type: 'text', nullable: true })
  error!: string | null;
}
