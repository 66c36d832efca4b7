import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import { SCHEMA } from './schema';

/**
 * One finding's life: first and last run that saw it, and the run (and time)
 * that no longer saw it. At most one open row per finding_key.
 */
@Entity({ schema: SCHEMA, name: 'quality_findings' })
@Index('uq_quality_findings_open_key', ['findingKey'], { unique: true, where: `resolved_at IS NULL` })
@Index('idx_quality_findings_symbol', ['symbol'])
export class QualityFindingEntity {
  @PrimaryGeneratedColumn('increment', { type: 'bigint', primaryKeyConstraintName: 'quality_findings_pkey' })
  id!: string;

  @Column({ name: 'finding_key', type: 'varchar', length: 200 })
  findingKey!: string;

  @Column({ name: 'check_type', type: 'varchar', length: 50 })
  checkType!: string;

  @Column({ type: 'varchar', length: 50 })
  code!: string;

  @Column({ type: 'varchar', length: 10, nullable: true })
  symbol!: string | null;

  @Column({ name: 'session_date', type: 'date', nullable: true })
  sessionDate!: string | null;

  @Column({ type: 'text' })
  detail!: string;

  @Column({ name: 'first_seen_at', type: 'timestamptz' })
  firstSeenAt!: Date;

  @Column({ name: 'first_seen_run', type: 'varchar', length: 100 })
  firstSeenRun!: string;

  @Column({ name: 'last_seen_at', type: 'timestamptz' })
  lastSeenAt!: Date;

  @Column({ name: 'last_seen_run', type: 'varchar', length: 100 })
  lastSeenRun!: string;

  @Column({ name: 'resolved_at', type: 'timestamptz', nullable: true })
  resolvedAt!: Date | null;

  @Column({ name: 'resolved_run', type: 'varchar', length: 100, nullable: true })
  resolvedRun!: string | null;
}
