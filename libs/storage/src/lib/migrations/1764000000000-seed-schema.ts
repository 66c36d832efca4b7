import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The seed document's data_ingestion schema, with the deliberate changes listed
 * in libs/storage/README.md: NUMERIC(18,6) bar prices, BIGSERIAL market_data.id
 * and data_quality_logs.details JSONB. Constraint names are PostgreSQL's own
 * defaults, written out so the entities can name them too.
 */
export class SeedSchema1764000000000 implements MigrationInterface {
  name = 'SeedSchema1764000000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE SCHEMA IF NOT EXISTS data_ingestion`);
    await q.query(`
      CREATE TABLE data_ingestion.symbols (
        symbol VARCHAR(10) NOT NULL,
        name VARCHAR(255),
        exchange VARCHAR(50),
        sector VARCHAR(100),
        market_cap BIGINT,
        status VARCHAR(20) DEFAULT 'active',
        added_date TIMESTAMP DEFAULT now(),
        last_updated TIMESTAMP DEFAULT now(),
        CONSTRAINT symbols_pkey PRIMARY KEY (symbol)
      )`);
    await q.query(`
      CREATE TABLE data_ingestion.delisted_symbols (
        symbol VARCHAR(10) NOT NULL,
        delist_date DATE,
        last_price NUMERIC(10,2),
        notes TEXT,
        created_at TIMESTAMP DEFAULT now(),
        CONSTRAINT delisted_symbols_pkey PRIMARY KEY (symbol)
      )`);
    await q.query(`
      CREATE TABLE data_ingestion.symbol_data_status (
        symbol VARCHAR(10) NOT NULL,
        date DATE NOT NULL,
        data_source VARCHAR(50) NOT NULL,
        status VARCHAR(20),
        error_message TEXT,
        last_attempt TIMESTAMP DEFAULT now(),
        CONSTRAINT symbol_data_status_pkey PRIMARY KEY (symbol, date, data_source)
      )`);
    await q.query(`
      CREATE TABLE data_ingestion.market_data (
        id BIGSERIAL NOT NULL,
        symbol VARCHAR(10) NOT NULL,
        timestamp TIMESTAMPTZ NOT NULL,
        open NUMERIC(18,6) NOT NULL,
        high NUMERIC(18,6) NOT NULL,
        low NUMERIC(18,6) NOT NULL,
        close NUMERIC(18,6) NOT NULL,
        volume BIGINT NOT NULL,
        source VARCHAR(20) NOT NULL,
        created_at TIMESTAMPTZ DEFAULT now(),
        CONSTRAINT market_data_pkey PRIMARY KEY (id),
        CONSTRAINT market_data_symbol_timestamp_source_key UNIQUE (symbol, timestamp, source)
      )`);
    await q.query(`
      CREATE TABLE data_ingestion.data_quality_logs (
        id SERIAL NOT NULL,
        symbol VARCHAR(10),
        check_type VARCHAR(50) NOT NULL,
        status VARCHAR(20) NOT NULL,
        message TEXT,
        timestamp TIMESTAMPTZ DEFAULT now(),
        details JSONB,
        CONSTRAINT data_quality_logs_pkey PRIMARY KEY (id)
      )`);
    await q.query(`
      CREATE TABLE data_ingestion.provider_config (
        provider_name VARCHAR(50) NOT NULL,
        api_key_hash VARCHAR(255),
        rate_limit_per_minute INTEGER,
        is_active BOOLEAN DEFAULT true,
        last_updated TIMESTAMPTZ DEFAULT now(),
        CONSTRAINT provider_config_pkey PRIMARY KEY (provider_name)
      )`);
    await q.query(`CREATE INDEX idx_symbols_status ON data_ingestion.symbols (status)`);
    await q.query(
      `CREATE INDEX idx_symbol_data_status_symbol_date ON data_ingestion.symbol_data_status (symbol, date)`,
    );
    await q.query(`CREATE INDEX idx_market_data_symbol_timestamp ON data_ingestion.market_data (symbol, timestamp)`);
    await q.query(`CREATE INDEX idx_market_data_timestamp ON data_ingestion.market_data (timestamp)`);
    await q.query(`CREATE INDEX idx_data_quality_logs_timestamp ON data_ingestion.data_quality_logs (timestamp)`);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const table of [
      'provider_config',
      'data_quality_logs',
      'market_data',
      'symbol_data_status',
      'delisted_symbols',
      'symbols',
    ]) {
      await q.query(`DROP TABLE IF EXISTS data_ingestion.${table}`);
    }
  }
}
