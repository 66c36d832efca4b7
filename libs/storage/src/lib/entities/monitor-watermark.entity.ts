import { Column, Entity, PrimaryColumn } from 'typeorm';
import { SCHEMA } from './schema';

/** Poll cursors (e.g. last fill activity id) so a restarted monitor resumes, not restarts. */
@Entity({ schema: SCHEMA, name: 'monitor_watermarks' })
export class MonitorWatermarkEntity {
  @PrimaryColumn({ type: 'varchar', length: 100, primaryKeyConstraintName: 'monitor_watermarks_pkey' })
  name!: string;

  @Column({ type: 'text' })
  value!: string;

  @Column({ name: 'updated_at', type: 'timestamptz', default: () => 'now()' })
  updatedAt!: Date;
}
