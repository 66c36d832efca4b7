import { Check, Column, Entity, PrimaryColumn } from 'typeorm';
import { SCHEMA } from './schema';

/**
 * One symbol as the last quality run that checked it saw it (migrations
 * QualityBaseline1764700000000, QualityPriceWindow1764800000000).
 */
@Entity({ schema: SCHEMA, name: 'quality_symbol_state' })
@Check(
  'chk_quality_symbol_state_window',
  `(window_days IS NULL) = (window_log_closes IS NULL)
   AND (window_days IS NULL) = (window_last_close IS NULL)
   AND (window_days IS NULL OR octet_length(window_log_closes) = 2 * octet_length(window_days))`,
)
export class QualitySymbolStateEntity {
  @PrimaryColumn({ type: 'varchar', length: 10, primaryKeyConstraintName: 'quality_symbol_state_pkey' })
  symbol!: string;

  @Column({ type: 'integer' })
  bars!: number;

  @Column({ name: 'first_session_day', type: 'date', nullable: true })
  firstSessionDay!: string | null;

  @Column({ name: 'last_session_day', type: 'date', nullable: true })
  lastSessionDay!: string | null;

  @Column({ name: 'last_bar_day', type: 'date' })
  lastBarDay!: string;

  @Column({ name: 'window_start_day', type: 'date', nullable: true })
  windowStartDay!: string | null;

  @Column({ type: 'integer' })
  expected!: number;

  @Column({ type: 'integer' })
  missing!: number;

  @Column({ type: 'jsonb' })
  findings!: unknown;

  @Column({ name: 'window_days', type: 'bytea', nullable: true })
  windowDays!: Buffer | null;

  @Column({ name: 'window_log_closes', type: 'bytea', nullable: true })
  windowLogCloses!: Buffer | null;

  @Column({ name: 'window_last_close', type: 'double precision', nullable: true })
  windowLastClose!: number | null;

  @Column({ name: 'checked_run', type: 'varchar', length: 100 })
  checkedRun!: string;
}
