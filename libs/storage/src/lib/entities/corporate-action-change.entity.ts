import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import { SCHEMA } from './schema';

/**
 * The change watermark of one (symbol, action type) of the corporate-actions
 * ledger: the id of the last transaction that changed one of its actions.
 * Kept by statement triggers on corporate_actions.
 */
@Entity({ schema: SCHEMA, name: 'corporate_action_changes' })
@Index('idx_corporate_action_changes_change_seq', ['changeSeq'])
export class CorporateActionChangeEntity {
  @PrimaryColumn({ type: 'varchar', length: 10, primaryKeyConstraintName: 'corporate_action_changes_pkey' })
  symbol!: string;

  @PrimaryColumn({
    name: 'action_type',
    type: 'varchar',
    length: 20,
    primaryKeyConstraintName: 'corporate_action_changes_pkey',
  })
  actionType!: string;

  @Column({ name: 'change_seq', type: 'bigint' })
  changeSeq!: string;

  @Column({ name: 'changed_at', type: 'timestamptz', default: () => 'now()' })
  changedAt!: Date;
}
