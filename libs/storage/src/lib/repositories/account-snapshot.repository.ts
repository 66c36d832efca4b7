import type { AccountSnapshot } from '@mdi/domain';
import type { DataSource } from 'typeorm';

interface SnapshotRow {
  account_id: string;
  account_number: string;
  status: string;
  currency: string;
  equity: string;
  last_equity: string;
  cash: string;
  buying_power: string;
  portfolio_value: string;
  long_market_value: string;
  short_market_value: string;
  initial_margin: string;
  maintenance_margin: string;
  daytrade_count: number;
  pattern_day_trader: boolean;
  trading_blocked: boolean;
  account_blocked: boolean;
  captured_at: Date;
}

const COLUMNS = `account_id, account_number, status, currency, equity::text AS equity, last_equity::text AS last_equity,
  cash::text AS cash, buying_power::text AS buying_power, portfolio_value::text AS portfolio_value,
  long_market_value::text AS long_market_value, short_market_value::text AS short_market_value,
  initial_margin::text AS initial_margin, maintenance_margin::text AS maintenance_margin, daytrade_count,
  pattern_day_trader, trading_blocked, account_blocked, captured_at`;

/**
 * data_ingestion.account_snapshots: the account as a time series. Money goes
 * in and comes out as decimal strings (NUMERIC, never a float).
 */
export class AccountSnapshotRepository {
  constructor(private readonly dataSource: DataSource) {}

  /** Idempotent: the same (account, captured_at) is stored once. Resolves true when a row was added. */
  async insert(s: AccountSnapshot): Promise<boolean> {
    const rows: unknown[] = await this.dataSource.query(
      `INSERT INTO data_ingestion.account_snapshots (account_id, account_number, status, currency, equity, last_equity, cash,
         buying_power, portfolio_value, long_market_value, short_market_value, initial_margin, maintenance_margin,
         daytrade_count, pattern_day_trader, trading_blocked, account_blocked, captured_at)
       VALUES ($1, $2, $3, $4, $5::numeric, $6::numeric, $7::numeric, $8::numeric, $9::numeric, $10::numeric, $11::numeric,
         $12::numeric, $13::numeric, $14, $15, $16, $17, $18)
       ON CONFLICT (account_id, captured_at) DO NOTHING
       RETURNING 1`,
      [
        s.accountId,
        s.accountNumber,
        s.status,
        s.currency,
        s.equity,
        s.lastEquity,
        s.cash,
        s.buyingPower,
        s.portfolioValue,
        s.longMarketValue,
        s.shortMarketValue,
        s.initialMargin,
        s.maintenanceMargin,
        s.daytradeCount,
        s.patternDayTrader,
        s.tradingBlocked,
        s.accountBlocked,
        s.capturedAt,
      ],
    );
    return rows.length > 0;
  }

  /** The newest snapshot, or null before the first poll. */
  async latest(): Promise<AccountSnapshot | null> {
    const rows: SnapshotRow[] = await this.dataSource.query(
      `SELECT ${COLUMNS} FROM data_ingestion.account_snapshots ORDER BY captured_at DESC, id DESC LIMIT 1`,
    );
    return rows[0] ? toSnapshot(rows[0]) : null;
  }

  /** Snapshots captured at or after `since`, oldest first. */
  async since(since: Date, limit: number): Promise<AccountSnapshot[]> {
    const rows: SnapshotRow[] = await this.dataSource.query(
      `SELECT ${COLUMNS} FROM data_ingestion.account_snapshots WHERE captured_at >= $1 ORDER BY captured_at, id LIMIT $2`,
      [since, limit],
    );
    return rows.map(toSnapshot);
  }
}

function toSnapshot(row: SnapshotRow): AccountSnapshot {
  return {
    accountId: row.account_id,
    accountNumber: row.account_number,
    status: row.status,
    currency: row.currency,
    equity: row.equity,
    lastEquity: row.last_equity,
    cash: row.cash,
    buyingPower: row.buying_power,
    portfolioValue: row.portfolio_value,
    longMarketValue: row.long_market_value,
    shortMarketValue: row.short_market_value,
    initialMargin: row.initial_margin,
    maintenanceMargin: row.maintenance_margin,
    daytradeCount: row.daytrade_count,
    patternDayTrader: row.pattern_day_trader,
    tradingBlocked: row.trading_blocked,
    accountBlocked: row.account_blocked,
    capturedAt: row.captured_at,
  };
}
