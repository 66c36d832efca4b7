import { Column, Entity, Index, PrimaryGeneratedColumn, Unique } from 'typeorm';
import { SCHEMA } from './schema';

/** Money columns are unconstrained NUMERIC: stored exactly as Alpaca sends it. */
@Entity({ schema: SCHEMA, name: 'account_snapshots' })
@Unique('account_snapshots_account_id_captured_at_key', ['accountId', 'capturedAt'])
@Index('idx_account_snapshots_captured_at', ['capturedAt'])
export class AccountSnapshotEntity {
  @PrimaryGeneratedColumn('increment', { type: 'bigint', primaryKeyConstraintName: 'account_snapshots_pkey' })
  id!: string;

  @Column({ name: 'account_id', type: 'varchar', length: 64 })
  accountId!: string;

  @Column({ name: 'account_number', type: 'varchar', length: 64 })
  accountNumber!: string;

  @Column({ type: 'varchar', length: 32 })
  status!: string;

  @Column({ type: 'varchar', length: 8 })
  currency!: string;

  @Column({ type: 'numeric' })
  equity!: string;

  @Column({ name: 'last_equity', type: 'numeric' })
  lastEquity!: string;

  @Column({ type: 'numeric' })
  cash!: string;

  @Column({ name: 'buying_power', type: 'numeric' })
  buyingPower!: string;

  @Column({ name: 'portfolio_value', type: 'numeric' })
  portfolioValue!: string;

  @Column({ name: 'long_market_value', type: 'numeric' })
  longMarketValue!: string;

  @Column({ name: 'short_market_value', type: 'numeric' })
  shortMarketValue!: string;

  @Column({ name: 'initial_margin', type: 'numeric' })
  initialMargin!: string;

  @Column({ name: 'maintenance_margin', type: 'numeric' })
  maintenanceMargin!: string;

  @Column({ name: 'daytrade_count', type: 'integer' })
  daytradeCount!: number;

  @Column({ name: 'pattern_day_trader', type: 'boolean' })
  patternDayTrader!: boolean;

  @Column({ name: 'trading_blocked', type: 'boolean' })
  tradingBlocked!: boolean;

  @Column({ name: 'account_blocked', type: 'boolean' })
  accountBlocked!: boolean;

  @Column({ name: 'captured_at', type: 'timestamptz' })
  capturedAt!: Date;
}
