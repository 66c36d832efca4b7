import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Change watermarks and the findings ledger (issue 17).
 *
 * - market_data_changes: one row per (symbol, source) whose bars were
 *   inserted, updated or deleted, with the writing transaction's id
 *   (pg_current_xact_id, 64 bits, never wraps) as change_seq. Statement-level
 *   triggers with transition tables keep it, in the writer's transaction,
 *   whoever writes (COPY, upsert, correction, delete): one extra statement per
 *   write statement, not one per row. A row the upsert leaves identical is not
 *   in the transition table, so it bumps nothing.
 *   A transaction id, not a sequence value: a sequence value is drawn before
 *   commit, so a reader could see 10 committed while 9 is still in flight and
 *   skip 9 for good. Every transaction still in flight when a reader takes
 *   pg_snapshot_xmin(pg_current_snapshot()) has an id >= that mark, so
 *   "change_seq >= mark" on the next read cannot miss a commit.
 * - corporate_action_changes: the same for corporate actions per (symbol,
 *   action_type), bumped only when an action's content changes (the ledger's
 *   upsert rewrites recorded_at on every sync).
 * - quality_findings: each finding a quality run reported, by identity
 *   (finding_key: code, symbol, session date), with when it was first and last
 *   seen and when a run within its scope no longer saw it (resolved). At most
 *   one open row per key; a resolved finding that comes back opens a new row.
 */
export class ChangeWatermarksAndFindings1764600000000 implements MigrationInterface {
  name = 'ChangeWatermarksAndFindings1764600000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE data_ingestion.market_data_changes (
        symbol VARCHAR(10) NOT NULL,
        source VARCHAR(20) NOT NULL,
        change_seq BIGINT NOT NULL,
        changed_at TIMESTAMPTZ NOT NULL DEFAULT now(),
        CONSTRAINT market_data_changes_pkey PRIMARY KEY (symbol, source)
      )`);
    await q.query(`CREATE INDEX idx_market_data_changes_change_seq ON data_ingestion.market_data_changes (change_seq)`);
    await q.query(`
      CREATE FUNCTION data_ingestion.note_market_data_changes() RETURNS trigger LANGUAGE plpgsql AS $$
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
      CREATE TRIGGER market_data_changes_on_insert AFTER INSERT ON data_ingestion.market_data
        REFERENCING NEW TABLE AS changed_rows FOR EACH STATEMENT EXECUTE FUNCTION data_ingestion.note_market_data_changes()`);
    await q.query(`
      CREATE TRIGGER market_data_changes_on_update AFTER UPDATE ON data_ingestion.market_data
        REFERENCING OLD TABLE AS old_rows NEW TABLE AS changed_rows
        FOR EACH STATEMENT EXECUTE FUNCTION data_ingestion.note_market_data_changes()`);
    await q.query(`
      CREATE TRIGGER market_data_changes_on_delete AFTER DELETE ON data_ingestion.market_data
        REFERENCING OLD TABLE AS changed_rows FOR EACH STATEMENT EXECUTE FUNCTION data_ingestion.note_market_data_changes()`);

    await q.query(`
      CREATE TABLE data_ingestion.corporate_action_changes (
        symbol VARCHAR(10) NOT NULL,
        action_type VARCHAR(20) NOT NULL,
        change_seq BIGINT NOT NULL,
        changed_at TIMESTAMPTZ NOT NULL DEFAULT now(),
        CONSTRAINT corporate_action_changes_pkey PRIMARY KEY (symbol, action_type)
      )`);
    await q.query(
      `CREATE INDEX idx_corporate_action_changes_change_seq ON data_ingestion.corporate_action_changes (change_seq)`,
    );
    await q.query(`
      CREATE FUNCTION data_ingestion.note_corporate_action_changes() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF TG_OP = 'UPDATE' THEN
          INSERT INTO data_ingestion.corporate_action_changes AS c (symbol, action_type, change_seq, changed_at)
          SELECT DISTINCT k.symbol, k.action_type, pg_current_xact_id()::text::bigint, now()
            FROM (SELECT n.symbol, n.action_type, o.symbol AS old_symbol, o.action_type AS old_type
                    FROM changed_rows n FULL JOIN old_rows o
                      ON (o.symbol, o.action_type, o.ex_date) = (n.symbol, n.action_type, n.ex_date)
                   WHERE o.symbol IS NULL OR n.symbol IS NULL
                      OR (o.split_from, o.split_to, o.cash_amount, o.pay_date, o.declaration_date, o.frequency,
                          o.dividend_type, o.source)
                         IS DISTINCT FROM
                         (n.split_from, n.split_to, n.cash_amount, n.pay_date, n.declaration_date, n.frequency,
                          n.dividend_type, n.source)) d
            CROSS JOIN LATERAL (VALUES (d.symbol, d.action_type), (d.old_symbol, d.old_type)) AS k(symbol, action_type)
           WHERE k.symbol IS NOT NULL
           ORDER BY 1, 2
          ON CONFLICT (symbol, action_type) DO UPDATE SET change_seq = EXCLUDED.change_seq, changed_at = EXCLUDED.changed_at
           WHERE c.change_seq IS DISTINCT FROM EXCLUDED.change_seq;
        ELSE
          INSERT INTO data_ingestion.corporate_action_changes AS c (symbol, action_type, change_seq, changed_at)
          SELECT DISTINCT symbol, action_type, pg_current_xact_id()::text::bigint, now()
            FROM changed_rows
           ORDER BY symbol, action_type
          ON CONFLICT (symbol, action_type) DO UPDATE SET change_seq = EXCLUDED.change_seq, changed_at = EXCLUDED.changed_at
           WHERE c.change_seq IS DISTINCT FROM EXCLUDED.change_seq;
        END IF;
        RETURN NULL;
      END $$`);
    await q.query(`
      CREATE TRIGGER corporate_action_changes_on_insert AFTER INSERT ON data_ingestion.corporate_actions
        REFERENCING NEW TABLE AS changed_rows FOR EACH STATEMENT EXECUTE FUNCTION data_ingestion.note_corporate_action_changes()`);
    await q.query(`
      CREATE TRIGGER corporate_action_changes_on_update AFTER UPDATE ON data_ingestion.corporate_actions
        REFERENCING OLD TABLE AS old_rows NEW TABLE AS changed_rows
        FOR EACH STATEMENT EXECUTE FUNCTION data_ingestion.note_corporate_action_changes()`);
    await q.query(`
      CREATE TRIGGER corporate_action_changes_on_delete AFTER DELETE ON data_ingestion.corporate_actions
        REFERENCING OLD TABLE AS changed_rows FOR EACH STATEMENT EXECUTE FUNCTION data_ingestion.note_corporate_action_changes()`);

    await q.query(`
      CREATE TABLE data_ingestion.quality_findings (
        id BIGSERIAL NOT NULL,
        finding_key VARCHAR(200) NOT NULL,
        check_type VARCHAR(50) NOT NULL,
        code VARCHAR(50) NOT NULL,
        symbol VARCHAR(10),
        session_date DATE,
        detail TEXT NOT NULL,
        first_seen_at TIMESTAMPTZ NOT NULL,
        first_seen_run VARCHAR(100) NOT NULL,
        last_seen_at TIMESTAMPTZ NOT NULL,
        last_seen_run VARCHAR(100) NOT NULL,
        resolved_at TIMESTAMPTZ,
        resolved_run VARCHAR(100),
        CONSTRAINT quality_findings_pkey PRIMARY KEY (id)
      )`);
    await q.query(
      `CREATE UNIQUE INDEX uq_quality_findings_open_key ON data_ingestion.quality_findings (finding_key) WHERE resolved_at IS NULL`,
    );
    await q.query(`CREATE INDEX idx_quality_findings_symbol ON data_ingestion.quality_findings (symbol)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE IF EXISTS data_ingestion.quality_findings`);
    await q.query(`DROP TRIGGER IF EXISTS corporate_action_changes_on_insert ON data_ingestion.corporate_actions`);
    await q.query(`DROP TRIGGER IF EXISTS corporate_action_changes_on_update ON data_ingestion.corporate_actions`);
    await q.query(`DROP TRIGGER IF EXISTS corporate_action_changes_on_delete ON data_ingestion.corporate_actions`);
    await q.query(`DROP FUNCTION IF EXISTS data_ingestion.note_corporate_action_changes()`);
    await q.query(`DROP TABLE IF EXISTS data_ingestion.corporate_action_changes`);
    await q.query(`DROP TRIGGER IF EXISTS market_data_changes_on_insert ON data_ingestion.market_data`);
    await q.query(`DROP TRIGGER IF EXISTS market_data_changes_on_update ON data_ingestion.market_data`);
    await q.query(`DROP TRIGGER IF EXISTS market_data_changes_on_delete ON data_ingestion.market_data`);
    await q.query(`DROP FUNCTION IF EXISTS data_ingestion.note_market_data_changes()`);
    await q.query(`DROP TABLE IF EXISTS data_ingestion.market_data_changes`);
  }
}
