import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The UPDATE watermark trigger of market_data without an OLD transition
 * table: the upsert's ON CONFLICT DO UPDATE fires it for every changed bar,
 * and capturing each row twice and merging both sets cost it 15-30% of its
 * rows/s (bench/README.md). The old key matters only when an UPDATE moves a
 * bar to another symbol or source, which the upsert never does: a row
 * trigger on those two columns alone bumps the old key then.
 */
export class LighterUpdateWatermark1764600000001 implements MigrationInterface {
  name = 'LighterUpdateWatermark1764600000001';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`DROP TRIGGER market_data_changes_on_update ON data_ingestion.market_data`);
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
    await q.query(`
      CREATE TRIGGER market_data_changes_on_update AFTER UPDATE ON data_ingestion.market_data
        REFERENCING NEW TABLE AS changed_rows FOR EACH STATEMENT EXECUTE FUNCTION data_ingestion.note_market_data_changes()`);
    await q.query(`
      CREATE FUNCTION data_ingestion.note_market_data_key_moved() RETURNS trigger LANGUAGE plpgsql AS $$
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
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TRIGGER IF EXISTS market_data_changes_on_key_move ON data_ingestion.market_data`);
    await q.query(`DROP FUNCTION IF EXISTS data_ingestion.note_market_data_key_moved()`);
    await q.query(`DROP TRIGGER IF EXISTS market_data_changes_on_update ON data_ingestion.market_data`);
    await q.query(`
      CREATE OR REPLACE FUNCTION data_ingestion.note_market_data_changes() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF TG_OP = 'UPDATE' THEN
          INSERT INTO data_ingestion.market_data_changes AS c (symbol, source, change_seq, changed_at)
          SELECT symbol, source, pg_current_xact_id()::text::bigint, now()
            FROM (SELECT symbol, source FROM changed_rows UNION SELECT symbol, source FROM old_rows) k
           ORDER BY symbol, source
          ON CONFLICT (symbol, source) DO UPDATE SET change_seq = EXCLUDED.change_seq, changed_at = EXCLUDED.changed_at
           WHERE c.change_seq IS DISTINCT FROM EXCLUDED.change_seq;
        ELSE
          INSERT INTO data_ingestion.market_data_changes AS c (symbol, source, change_seq, changed_at)
          SELECT DISTINCT symbol, source, pg_current_xact_id()::text::bigint, now()
            FROM changed_rows
           ORDER BY symbol, source
          ON CONFLICT (symbol, source) DO UPDATE SET change_seq = EXCLUDED.change_seq, changed_at = EXCLUDED.changed_at
           WHERE c.change_seq IS DISTINCT FROM EXCLUDED.change_seq;
        END IF;
        RETURN NULL;
      END $$`);
    await q.query(`
      CREATE TRIGGER market_data_changes_on_update AFTER UPDATE ON data_ingestion.market_data
        REFERENCING OLD TABLE AS old_rows NEW TABLE AS changed_rows
        FOR EACH STATEMENT EXECUTE FUNCTION data_ingestion.note_market_data_changes()`);
  }
}
