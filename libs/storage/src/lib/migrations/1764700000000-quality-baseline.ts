import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The incremental quality run's baseline, and where each series' changes start.
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
 *   that checked it saw it: bar count, first and last session with a bar, its
 *   last bar's day, where the price-jump window of its newest bars starts,
 *   sessions expected and missing in between, and its findings (all but
 *   `stale`, which follows the clock and is recomputed by every run).
 * - market_data_changes.first_changed_at: the earliest bar timestamp a write
 *   touched since the quality baseline last took the series' changes in
 *   (it sets it back to NULL for the changes its mark covers, in the
 *   transaction that writes the baseline). A change that starts after a
 *   symbol's last bar only appended sessions: the run checks them from the
 *   window before them instead of the whole history. The statement triggers
 *   take the minimum of the rows they saw; the row trigger that covered key
 *   moves now also covers a bar moved in time (an UPDATE of `timestamp`,
 *   which the upsert never does), reporting where the bar was.
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
        last_bar_day DATE NOT NULL,
        window_start_day DATE,
        expected INTEGER NOT NULL,
        missing INTEGER NOT NULL,
        findings JSONB NOT NULL,
        checked_run VARCHAR(100) NOT NULL,
        CONSTRAINT quality_symbol_state_pkey PRIMARY KEY (symbol)
      )`);
    await q.query(`ALTER TABLE data_ingestion.market_data_changes ADD COLUMN first_changed_at TIMESTAMPTZ`);
    await q.query(`
      CREATE OR REPLACE FUNCTION data_ingestion.note_market_data_changes() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        INSERT INTO data_ingestion.market_data_changes AS c (symbol, source, change_seq, changed_at, first_changed_at)
        SELECT symbol, source, pg_current_xact_id()::text::bigint, now(), min(timestamp)
          FROM changed_rows
         GROUP BY symbol, source
         ORDER BY symbol, source
        ON CONFLICT (symbol, source) DO UPDATE
           SET change_seq = EXCLUDED.change_seq, changed_at = EXCLUDED.changed_at,
               first_changed_at = LEAST(c.first_changed_at, EXCLUDED.first_changed_at)
         WHERE c.change_seq IS DISTINCT FROM EXCLUDED.change_seq
            OR c.first_changed_at IS NULL OR EXCLUDED.first_changed_at < c.first_changed_at;
        RETURN NULL;
      END $$`);
    await q.query(`DROP TRIGGER market_data_changes_on_key_move ON data_ingestion.market_data`);
    await q.query(`
      CREATE OR REPLACE FUNCTION data_ingestion.note_market_data_key_moved() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        INSERT INTO data_ingestion.market_data_changes AS c (symbol, source, change_seq, changed_at, first_changed_at)
        VALUES (OLD.symbol, OLD.source, pg_current_xact_id()::text::bigint, now(), OLD.timestamp)
        ON CONFLICT (symbol, source) DO UPDATE
           SET change_seq = EXCLUDED.change_seq, changed_at = EXCLUDED.changed_at,
               first_changed_at = LEAST(c.first_changed_at, EXCLUDED.first_changed_at)
         WHERE c.change_seq IS DISTINCT FROM EXCLUDED.change_seq
            OR c.first_changed_at IS NULL OR EXCLUDED.first_changed_at < c.first_changed_at;
        RETURN NULL;
      END $$`);
    await q.query(`
      CREATE TRIGGER market_data_changes_on_key_move AFTER UPDATE OF symbol, source, timestamp ON data_ingestion.market_data
        FOR EACH ROW WHEN (OLD.symbol IS DISTINCT FROM NEW.symbol OR OLD.source IS DISTINCT FROM NEW.source
                           OR OLD.timestamp IS DISTINCT FROM NEW.timestamp)
        EXECUTE FUNCTION data_ingestion.note_market_data_key_moved()`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TRIGGER IF EXISTS market_data_changes_on_key_move ON data_ingestion.market_data`);
    await q.query(`
      CREATE OR REPLACE FUNCTION data_ingestion.note_market_data_key_moved() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        INSERT INTO data_ingestion.market_data_changes AS c (symbol, source, change_seq, changed_at)
        VALUES (OLD.symbol, OLD.source, pg_current_xact_id()::text::bigint, now())
        ON CONFLICT (symbol, source) DO UPDATE SET change_seq = EXCLUDED.change_seq, changed_at = EXCLUDED.changed_at
         WHERE c.change_seq IS DISTINCT FROM EXCLUDED.change_seq;
        RETURN NULL;
      END $$`);
    await q.query(`
      CREATE TRIGGER market_data_changes_on_key_move AFTER UPDATE OF symbol, source ON data_ingestion.market_data
        FOR EACH ROW WHEN (OLD.symbol IS DISTINCT FROM NEW.symbol OR OLD.source IS DISTINCT FROM NEW.source)
        EXECUTE FUNCTION data_ingestion.note_market_data_key_moved()`);
    await q.query(`
      CREATE OR REPLACE FUNCTION data_ingestion.note_market_data_changes() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        INSERT INTO data_ingestion.market_data_changes AS c (symbol, source, change_seq, changed_at)
        SELECT DISTINCT symbol, source, pg_current_xact_id()::text::bigint, now()
          FROM changed_rows
         ORDER BY symbol, source
        ON CONFLICT (symbol, source) DO UPDATE SET change_seq = EXCLUDED.change_seq, changed_at = EXCLUDED.changed_at
         WHERE c.change_seq IS DISTINCT FROM EXCLUDED.change_seq;
        RETURN NULL;
      END $$`);
    await q.query(`ALTER TABLE data_ingestion.market_data_changes DROP COLUMN IF EXISTS first_changed_at`);
    await q.query(`DROP TABLE IF EXISTS data_ingestion.quality_symbol_state`);
    await q.query(`DROP TABLE IF EXISTS data_ingestion.quality_baseline`);
  }
}
