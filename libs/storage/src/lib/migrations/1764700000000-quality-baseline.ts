import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The incremental quality run's baseline.
 *
 * - quality_baseline: one row (id 1). `change_seq` is the change mark the
 *   state below is complete up to (market_data_changes and
 *   corporate_action_changes at or after it were not yet taken into account);
 *   `fingerprint` names what the state was computed with (release, settings,
 *   splits coverage), so a run with anything else starts over with a full run;
 *   `generation` grows with every write, so two runs that raced cannot both
 *   write their state (the second finds the generation moved and keeps its
 *   report only).
 * - quality_symbol_state: one row per symbol with a stored bar as the last run
 *   that checked it saw it: bar count, first and last session with a bar,
 *   sessions expected and missing in between, and its findings (all but
 *   `stale`, which follows the clock and is recomputed by every run).
 */
export class QualityBaseline1764700000000 implements MigrationInterface {
  name = 'QualityBaseline1764700000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE data_ingestion.quality_baseline (
        id SMALLINT NOT NULL DEFAULT 1,
        generation BIGINT NOT NULL,
        change_seq BIGINT NOT NULL,
        fingerprint TEXT NOT NULL,
        run_id VARCHAR(100) NOT NULL,
        full_run_at TIMESTAMPTZ NOT NULL,
        updated_at TIMESTAMPTZ NOT NULL,
        CONSTRAINT quality_baseline_pkey PRIMARY KEY (id),
        CONSTRAINT chk_quality_baseline_single_row CHECK (id = 1)
      )`);
    await q.query(`
      CREATE TABLE data_ingestion.quality_symbol_state (
        symbol VARCHAR(10) NOT NULL,
        bars INTEGER NOT NULL,
        first_session_day DATE,
        last_session_day DATE,
        expected INTEGER NOT NULL,
        missing INTEGER NOT NULL,
        findings JSONB NOT NULL,
        checked_run VARCHAR(100) NOT NULL,
        CONSTRAINT quality_symbol_state_pkey PRIMARY KEY (symbol)
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE IF EXISTS data_ingestion.quality_symbol_state`);
    await q.query(`DROP TABLE IF EXISTS data_ingestion.quality_baseline`);
  }
}
