import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * What the provider says exists: every ticker seen in a grouped-daily answer
 * (free with each end-of-day call) or in the reference ticker listing. The
 * polygon-ingestor checks new symbols against it (unknown -> 400) and reads
 * delistings from it.
 */
export class ReferenceTickers1764100000001 implements MigrationInterface {
  name = 'ReferenceTickers1764100000001';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE data_ingestion.reference_tickers (
        symbol VARCHAR(10) NOT NULL,
        name VARCHAR(255),
        exchange VARCHAR(50),
        type VARCHAR(20),
        active BOOLEAN NOT NULL,
        delisted_date DATE,
        last_seen DATE,
        source VARCHAR(20) NOT NULL,
        updated_at TIMESTAMPTZ NOT NULL DEFAULT now(),
        CONSTRAINT reference_tickers_pkey PRIMARY KEY (symbol)
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE IF EXISTS data_ingestion.reference_tickers`);
  }
}
