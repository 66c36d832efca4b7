import { Check, Column, Entity, PrimaryColumn } from 'typeorm';
import { SCHEMA } from './schema';

/** The incremental quality run's baseline: one row (migration QualityBaseline1764700000000). */
@Entity({ schema: SCHEMA, name: 'quality_baseline' })
@Check('chk_quality_baseline_single_row', `id = 1`)
export class QualityBaselineEntity {
  @PrimaryColumn({ type: 'smallint', default: 1, primaryKeyConstraintName: 'quality_baseline_pkey' })
  id!: number;

  @Column({ type: 'bigint' })
  generation!: string;

  @Column({ name: 'change_seq', type: 'bigint' })
  changeSeq!: string;

  @Column({ type: 'text' })
  fingerprint!: string;

  @Column({ name: 'run_id', type: 'varchar', length: 100 })
  runId!: string;

  @Column({ name: 'full_run_at', type: 'timestamptz' })
  fullRunAt!: Date;

  @Column({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;
}
