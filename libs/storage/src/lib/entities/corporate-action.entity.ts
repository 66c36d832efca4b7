import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import { SCHEMA } from './schema';

const PK = 'corporate_actions_pkey';

/** One split or cash dividend; bars stay unadjusted and are adjusted on read from this ledger. */
@Entity({ schema: SCHEMA, name: 'corporate_actions' })
@Index('idx_corporate_actions_ex_date', ['exDate'])
export class CorporateActionEntity {
  @PrimaryColumn({ type: 'varchar', length: 10, primaryKeyConstraintName: PK })
  symbol!: string;

  @PrimaryColumn({ name: 'action_type', type: 'varchar', length: 20, primaryKeyConstraintName: PK })
  actionType!: string;

  @PrimaryColumn({ name: 'ex_date', type: 'date', primaryKeyConstraintName: PK })
  exDate!: string;

  @Column({ name: 'split_from', type: 'numeric', nullable: true })
  splitFrom!: string | null;

  @Column({ name: 'split_to', type: 'numeric', nullable: true })
  splitTo!: string | null;

  @Column({ name: 'cash_amount', type: 'numeric', nullable: true })
  cashAmount!: string | null;

  @Column({ name: 'pay_date', type: 'date', nullable: true })
  payDate!: string | null;

  @Column({ name: 'declaration_date', type: 'date', nullable: true })
  declarationDate!: string | null;

  @Column({ type: 'integer', nullable: true })
  frequency!: number | null;

  @Column({ name: 'dividend_type', type: 'varchar', length: 10, nullable: true })
  dividendType!: string | null;

  @Column({ type: 'varchar', length: 20 })
  source!: string;

  @Column({ name: 'recorded_at', type: 'timestamptz', default: () => 'now()' })
  recordedAt!: Date;
}
