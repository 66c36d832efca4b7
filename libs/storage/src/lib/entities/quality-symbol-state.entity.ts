import { Column, Entity, PrimaryColumn } from 'typeorm';
import { SCHEMA } from './schema';

/** One symbol as the last quality run that checked it saw it (migration QualityBaseline1764700000000). */
@Entity({ schema: SCHEMA, name: 'quality_symbol_state' })
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

  @Column({ name: 'checked_run', type: 'varchar', length: 100 })
  checkedRun!: string;
}
