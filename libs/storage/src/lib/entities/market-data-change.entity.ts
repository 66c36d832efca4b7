import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import { SCHEMA } from './schema';

/**
 * The change watermark of one (symbol, source): the id of the last transaction
 * that inserted, updated or deleted its bars. Kept by statement triggers on
 * market_data (migration ChangeWatermarksAndFindings1764600000000).
 */
@Entity({ schema: SCHEMA, name: 'market_data_changes' })
@Index('idx_market_data_changes_change_seq', ['changeSeq'])
export class MarketDataChangeEntity {
  @PrimaryColumn({ type: 'varchar', length: 10, primaryKeyConstraintName: 'market_data_changes_pkey' })
  symbol!: string;

  @PrimaryColumn({ type: 'varchar', length: 20, primaryKeyConstraintName: 'market_data_changes_pkey' })
  source!: string;

  @Column({ name: 'change_seq', type: 'bigint' })
  changeSeq!: string;

  @Column({ name: 'changed_at', type: 'timestamptz', default: () => 'now()' })
  changedAt!: Date;

  /** The earliest bar timestamp changed since the quality baseline last took this series' changes in. */
  @Column({ name: 'first_changed_at', type: 'timestamptz', nullable: true })
  firstChangedAt!: Date | null;
}
