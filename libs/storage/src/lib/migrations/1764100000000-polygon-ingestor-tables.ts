import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Tables of the polygon-ingestor (not in the seed):
 * - corporate_actions: splits and cash dividends as Polygon's reference
 *   endpoints report them. Bars are stored unadjusted; adjusted series are
 *   computed on read from bars + this ledger.
 * - corporate_action_coverage: the date range each action type has been
 *   fetched for, so a reader knows up to which date the ledger is complete
 *   (an adjusted series is never served past it: no mixed history).
 * - backfill_runs / backfill_calls: a fill plan and its calls, so progress is
 *   shared by every replica and a restarted process resumes the same plan.
 */
export class PolygonIngestorTables1764100000000 implements MigrationInterface {
  name = 'PolygonIngestorTables1764100000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE data_ingestion.corporate_actions (
        symbol VARCHAR(10) NOT NULL,
        action_type VARCHAR(20) NOT NULL,
        ex_date DATE NOT NULL,
        split_from NUMERIC,
        split_to NUMERIC,
        cash_amount NUMERIC,
        pay_date DATE,
        declaration_date DATE,
        frequency INTEGER,
        dividend_type VARCHAR(10),
        source VARCHAR(20) NOT NULL,
        recorded_at TIMESTAMPTZ NOT NULL DEFAULT now(),
        CONSTRAINT corporate_actions_pkey PRIMARY KEY (symbol, action_type, ex_date)
      )`);
    await q.query(`CREATE INDEX idx_corporate_actions_ex_date ON data_ingestion.corporate_actions (ex_date)`);
    await q.query(`
      CREATE TABLE data_ingestion.corporate_action_coverage (
        action_type VARCHAR(20) NOT NULL,
        covered_from DATE NOT NULL,
        covered_through DATE NOT NULL,
        updated_at TIMESTAMPTZ NOT NULL DEFAULT now(),
        CONSTRAINT corporate_action_coverage_pkey PRIMARY KEY (action_type)
      )`);
    await q.query(`
      CREATE TABLE data_ingestion.backfill_runs (
        id BIGSERIAL NOT NULL,
        trigger VARCHAR(20) NOT NULL,
        from_date DATE NOT NULL,
        to_date DATE NOT NULL,
        symbol_count INTEGER NOT NULL,
        planned_calls INTEGER NOT NULL,
        planned_cells INTEGER NOT NULL,
        status VARCHAR(20) NOT NULL DEFAULT 'running',
        created_at TIMESTAMPTZ NOT NULL DEFAULT now(),
        finished_at TIMESTAMPTZ,
        CONSTRAINT backfill_runs_pkey PRIMARY KEY (id)
      )`);
    await q.query(`CREATE INDEX idx_backfill_runs_status ON data_ingestion.backfill_runs (status)`);
    await q.query(`
      CREATE TABLE data_ingestion.backfill_calls (
        run_id BIGINT NOT NULL,
        job_id VARCHAR(200) NOT NULL,
        job JSONB NOT NULL,
        cell_count INTEGER NOT NULL,
        status VARCHAR(20) NOT NULL DEFAULT 'pending',
        done_at TIMESTAMPTZ,
        CONSTRAINT backfill_calls_pkey PRIMARY KEY (run_id, job_id)
      )`);
    await q.query(`CREATE INDEX idx_backfill_calls_job_id ON data_ingestion.backfill_calls (job_id)`);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const table of ['backfill_calls', 'backfill_runs', 'corporate_action_coverage', 'corporate_actions']) {
      await q.query(`DROP TABLE IF EXISTS data_ingestion.${table}`);
    }
  }
}
