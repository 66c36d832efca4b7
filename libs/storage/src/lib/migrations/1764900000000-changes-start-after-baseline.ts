import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * market_data_changes.first_changed_at now starts over in the writer: a write
 * to a series whose previous change is older than the quality baseline's mark
 * (quality_baseline.change_seq) sets it to its own earliest bar, since the
 * baseline took that previous change in; otherwise it keeps the earlier of
 * the two, as before. The baseline write no longer sets the column back to
 * NULL for every series its mark covers: after an end-of-day update that was
 * one row update per symbol in every incremental run, and now costs nothing.
 *
 * A writer that reads the mark before a newer baseline commits keeps the
 * older start: the next run reloads that symbol whole instead of extending
 * it (the safe side, as before). With no baseline the comparison is unknown
 * and the earlier start is kept.
 */
export class ChangesStartAfterBaseline1764900000000 implements MigrationInterface {
  name = 'ChangesStartAfterBaseline1764900000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(noteChangesFunction(FIRST_CHANGED_AFTER_BASELINE));
    await q.query(noteKeyMovedFunction(FIRST_CHANGED_AFTER_BASELINE));
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(noteChangesFunction(FIRST_CHANGED_EVER));
    await q.query(noteKeyMovedFunction(FIRST_CHANGED_EVER));
  }
}

/** A series' previous change older than the baseline's mark was taken in: the write's own start replaces it. */
const FIRST_CHANGED_AFTER_BASELINE = `CASE
  WHEN c.change_seq < (SELECT b.change_seq FROM data_ingestion.quality_baseline b WHERE b.id = 1)
    THEN EXCLUDED.first_changed_at
  ELSE LEAST(c.first_changed_at, EXCLUDED.first_changed_at) END`;

/** The earliest start since the baseline last set the column back to NULL (QualityBaseline1764700000000). */
const FIRST_CHANGED_EVER = 'LEAST(c.first_changed_at, EXCLUDED.first_changed_at)';

/** Where a conflicting row's change bumps it (`firstChanged`: its new first_changed_at). */
const onConflict = (firstChanged: string) => `
  ON CONFLICT (symbol, source) DO UPDATE
     SET change_seq = EXCLUDED.change_seq, changed_at = EXCLUDED.changed_at, first_changed_at = ${firstChanged}
   WHERE c.change_seq IS DISTINCT FROM EXCLUDED.change_seq
      OR c.first_changed_at IS NULL OR EXCLUDED.first_changed_at < c.first_changed_at`;

/** The statement triggers' function: one row per (symbol, source) the statement touched. */
const noteChangesFunction = (firstChanged: string) => `
  CREATE OR REPLACE FUNCTION data_ingestion.note_market_data_changes() RETURNS trigger LANGUAGE plpgsql AS $$
  BEGIN
    INSERT INTO data_ingestion.market_data_changes AS c (symbol, source, change_seq, changed_at, first_changed_at)
    SELECT symbol, source, pg_current_xact_id()::text::bigint, now(), min(timestamp)
      FROM changed_rows
     GROUP BY symbol, source
     ORDER BY symbol, source
    ${onConflict(firstChanged)};
    RETURN NULL;
  END $$`;

/** The row trigger's function for a bar moved to another symbol, source or time: where it was. */
const noteKeyMovedFunction = (firstChanged: string) => `
  CREATE OR REPLACE FUNCTION data_ingestion.note_market_data_key_moved() RETURNS trigger LANGUAGE plpgsql AS $$
  BEGIN
    INSERT INTO data_ingestion.market_data_changes AS c (symbol, source, change_seq, changed_at, first_changed_at)
    VALUES (OLD.symbol, OLD.source, pg_current_xact_id()::text::bigint, now(), OLD.timestamp)
    ${onConflict(firstChanged)};
    RETURN NULL;
  END $$`;
