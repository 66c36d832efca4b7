import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Tables of the Alpaca monitor (not in the seed). Money and quantities are
 * unconstrained NUMERIC so Alpaca's decimal strings are stored exactly. No
 * foreign keys: fills can arrive before their order is polled.
 */
export class AlpacaMonitorTables1764000000001 implements MigrationInterface {
  name = 'AlpacaMonitorTables1764000000001';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE data_ingestion.account_snapshots (
        id BIGSERIAL NOT NULL,
        account_id VARCHAR(64) NOT NULL,
        account_number VARCHAR(64) NOT NULL,
        status VARCHAR(32) NOT NULL,
        currency VARCHAR(8) NOT NULL,
        equity NUMERIC NOT NULL,
        last_equity NUMERIC NOT NULL,
        cash NUMERIC NOT NULL,
        buying_power NUMERIC NOT NULL,
        portfolio_value NUMERIC NOT NULL,
        long_market_value NUMERIC NOT NULL,
        short_market_value NUMERIC NOT NULL,
        initial_margin NUMERIC NOT NULL,
        maintenance_margin NUMERIC NOT NULL,
        daytrade_count INTEGER NOT NULL,
        pattern_day_trader BOOLEAN NOT NULL,
        trading_blocked BOOLEAN NOT NULL,
        account_blocked BOOLEAN NOT NULL,
        captured_at TIMESTAMPTZ NOT NULL,
        CONSTRAINT account_snapshots_pkey PRIMARY KEY (id),
        CONSTRAINT account_snapshots_account_id_captured_at_key UNIQUE (account_id, captured_at)
      )`);
    await q.query(`CREATE INDEX idx_account_snapshots_captured_at ON data_ingestion.account_snapshots (captured_at)`);
    await q.query(`
      CREATE TABLE data_ingestion.positions (
        asset_id VARCHAR(64) NOT NULL,
        symbol VARCHAR(20) NOT NULL,
        exchange VARCHAR(20) NOT NULL,
        asset_class VARCHAR(20) NOT NULL,
        side VARCHAR(8) NOT NULL,
        qty NUMERIC NOT NULL,
        avg_entry_price NUMERIC NOT NULL,
        market_value NUMERIC NOT NULL,
        cost_basis NUMERIC NOT NULL,
        unrealized_pl NUMERIC NOT NULL,
        current_price NUMERIC NOT NULL,
        lastday_price NUMERIC NOT NULL,
        updated_at TIMESTAMPTZ NOT NULL DEFAULT now(),
        CONSTRAINT positions_pkey PRIMARY KEY (asset_id)
      )`);
    await q.query(`CREATE INDEX idx_positions_symbol ON data_ingestion.positions (symbol)`);
    await q.query(`
      CREATE TABLE data_ingestion.orders (
        id VARCHAR(64) NOT NULL,
        client_order_id VARCHAR(128) NOT NULL,
        symbol VARCHAR(20) NOT NULL,
        asset_class VARCHAR(20) NOT NULL,
        side VARCHAR(8) NOT NULL,
        type VARCHAR(20) NOT NULL,
        time_in_force VARCHAR(8) NOT NULL,
        status VARCHAR(32) NOT NULL,
        qty NUMERIC,
        notional NUMERIC,
        filled_qty NUMERIC NOT NULL,
        filled_avg_price NUMERIC,
        limit_price NUMERIC,
        stop_price NUMERIC,
        created_at TIMESTAMPTZ NOT NULL,
        updated_at TIMESTAMPTZ NOT NULL,
        submitted_at TIMESTAMPTZ NOT NULL,
        filled_at TIMESTAMPTZ,
        canceled_at TIMESTAMPTZ,
        CONSTRAINT orders_pkey PRIMARY KEY (id)
      )`);
    await q.query(`CREATE INDEX idx_orders_status ON data_ingestion.orders (status)`);
    await q.query(`CREATE INDEX idx_orders_submitted_at ON data_ingestion.orders (submitted_at)`);
    await q.query(`
      CREATE TABLE data_ingestion.order_status_history (
        id BIGSERIAL NOT NULL,
        order_id VARCHAR(64) NOT NULL,
        status VARCHAR(32) NOT NULL,
        updated_at TIMESTAMPTZ NOT NULL,
        recorded_at TIMESTAMPTZ NOT NULL DEFAULT now(),
        CONSTRAINT order_status_history_pkey PRIMARY KEY (id),
        CONSTRAINT order_status_history_order_id_status_updated_at_key UNIQUE (order_id, status, updated_at)
      )`);
    await q.query(`
      CREATE TABLE data_ingestion.fills (
        id VARCHAR(128) NOT NULL,
        order_id VARCHAR(64) NOT NULL,
        symbol VARCHAR(20) NOT NULL,
        side VARCHAR(8) NOT NULL,
        type VARCHAR(16) NOT NULL,
        price NUMERIC NOT NULL,
        qty NUMERIC NOT NULL,
        cum_qty NUMERIC NOT NULL,
        leaves_qty NUMERIC NOT NULL,
        order_status VARCHAR(32) NOT NULL,
        transaction_time TIMESTAMPTZ NOT NULL,
        CONSTRAINT fills_pkey PRIMARY KEY (id)
      )`);
    await q.query(`CREATE INDEX idx_fills_order_id ON data_ingestion.fills (order_id)`);
    await q.query(`CREATE INDEX idx_fills_transaction_time ON data_ingestion.fills (transaction_time)`);
    await q.query(`
      CREATE TABLE data_ingestion.monitor_watermarks (
        name VARCHAR(100) NOT NULL,
        value TEXT NOT NULL,
        updated_at TIMESTAMPTZ NOT NULL DEFAULT now(),
        CONSTRAINT monitor_watermarks_pkey PRIMARY KEY (name)
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const table of [
      'monitor_watermarks',
      'fills',
      'order_status_history',
      'orders',
      'positions',
      'account_snapshots',
    ]) {
      await q.query(`DROP TABLE IF EXISTS data_ingestion.${table}`);
    }
  }
}
