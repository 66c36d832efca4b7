import { Column, Entity, PrimaryColumn } from 'typeorm';
import { SCHEMA } from './schema';

/** The date range the ledger of one action type has been fetched for. */
@Entity({ schema: SCHEMA, name: 'corporate_action_coverage' })
export class CorporateActionCoverageEntity {
  @PrimaryColumn({
    name: 'action_type',
    type: 'varchar',
    length: 20,
    primaryKeyConstraintName: 'corporate_action_coverage_pkey',
  })
  actionType!: string;

  @Column({ name: 'covered_from', type: 'date' })
  coveredFrom!: string;

  @Column({ name: 'covered_through', type: 'date' })
  coveredThrough!: string;

  @Column({ name: 'updated_at', type: 'timestamptz', default: () => 'now()' })
  updatedAt!: Date;
}
