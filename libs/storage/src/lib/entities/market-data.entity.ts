import { Column, Entity, Index, PrimaryGeneratedColumn, Unique } from 'typeorm';
import { PRICE, SCHEMA, VOLUME } from './schema';

@Entity({ schema: SCHEMA, name: 'market_data' })
@Unique('market_data_symbol_timestamp_source_key', ['symbol', 'timestamp', 'source'])
@Index('idx_market_data_symbol_timestamp', ['symbol', 'timestamp'])
@Index('idx_market_data_timestamp', ['timestamp'])
export class MarketDataEntity {
  /** BIGSERIAL (seed: SERIAL): 2 years x every US ticker outgrows 2^31 ids over time. */
  @PrimaryGeneratedColumn('increment', { type: 'bigint', primaryKeyConstraintName: 'market_data_pkey' })
  id!: string;

  @Column({ type: 'varchar', length: 10 })
  symbol!: string;

  @Column({ type: 'timestamptz' })
  timestamp!: Date;

  @Column({ ...PRICE })
  open!: string;

  @Column({ ...PRICE })
  high!: string;

  @Column({ ...PRICE })
  low!: string;

  @Column({ ...PRICE })
  close!: string;

  /** NUMERIC(25,6) (seed: BIGINT): Polygon reports fractional-share volumes. */
  @Column({ ...VOLUME })
  volume!: string;

  @Column({ type: 'varchar', length: 20 })
  source!: string;

  @Column({ name: 'created_at', type: 'timestamptz', nullable: true, default: () => 'now()' })
  createdAt!: Date | null;
}
