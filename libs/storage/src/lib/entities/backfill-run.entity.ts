import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import { SCHEMA } from './schema';

/**
 * One fill plan (backfill, gap repair): its size when planned and its
 * verdict (running, done, partial, failed). At most one run per request key
 * is running (identical concurrent requests share it).
 */
@Entity({ schema: SCHEMA, name: 'backfill_runs' })
@Index('idx_backfill_runs_status', ['status'])
@Index('uq_backfill_runs_running_request', ['requestKey'], { unique: true, where: `status = 'running'` })
export class BackfillRunEntity {
  @PrimaryGeneratedColumn('increment', { type: 'bigint', primaryKeyConstraintName: 'backfill_runs_pkey' })
  id!: string;

  @Column({ type: 'varchar', length: 20 })
  trigger!: string;

  @Column({ name: 'from_date', type: 'date' })
  fromDate!: string;

  @Column({ name: 'to_date', type: 'date' })
  toDate!: string;

  @Column({ name: 'symbol_count', type: 'integer' })
  symbolCount!: number;

  @Column({ name: 'planned_calls', type: 'integer' })
  plannedCalls!: number;

  @Column({ name: 'planned_cells', type: 'integer' })
  plannedCells!: number;

  @Column({ type: 'varchar', length: 20, default: 'running' })
  status!: string;

  @Column({ name: 'created_at', type: 'timestamptz', default: () => 'now()' })
  createdAt!: Date;

  @Column({ name: 'finished_at', type: 'timestamptz', nullable: true })
  finishedAt!: Date | null;

  @Column({ name: 'failure_reason', type: 'text', nullable: true })
  failureReason!: string | null;

  @Column({ name: 'request_key', type: 'varchar', length: 64, nullable: true })
  requestKey!: string | null;
}
