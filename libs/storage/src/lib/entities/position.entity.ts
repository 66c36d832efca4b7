import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import { SCHEMA } from './schema';

/** Current positions only: the monitor replaces the set on each poll. */
@Entity({ schema: SCHEMA, name: 'positions' })
@Index('idx_positions_symbol', ['symbol'])
export class PositionEntity {
  @PrimaryColumn({ name: 'asset_id', type: 'varchar', length: 64, primaryKeyConstraintName: 'positions_pkey' })
  assetId!: string;

  @Column({ type: 'varchar', length: 20 })
  symbol!: string;

  @Column({ type: 'varchar', length: 20 })
  exchange!: string;

  @Column({ name: 'asset_class', type: 'varchar', length: 20 })
  assetClass!: string;

  @Column({ type: 'varchar', length: 8 })
  side!: string;

  @Column({ type: 'numeric' })
  qty!: string;

  @Column({ name: 'avg_entry_price', type: 'numeric' })
  avgEntryPrice!: string;

  @Column({ name: 'market_value', type: 'numeric' })
  marketValue!: string;

  @Column({ name: 'cost_basis', type: 'numeric' })
  costBasis!: string;

  @Column({ name: 'unrealized_pl', type: 'numeric' })
  unrealizedPl!: string;

  @Column({ name: 'current_price', type: 'numeric' })
  currentPrice!: string;

  @Column({ name: 'lastday_price', type: 'numeric' })
  lastdayPrice!: string;

  @Column({ name: 'updated_at', type: 'timestamptz', default: () => 'now()' })
  updatedAt!: Date;
}
