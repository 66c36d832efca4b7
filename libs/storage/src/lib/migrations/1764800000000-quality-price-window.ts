import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Each symbol's price-jump window in its quality state: its last 61 priced
 * bars (the first bar of a session, a positive finite close), oldest first,
 * as packed little-endian arrays: window_days (int4 day numbers since
 * 1970-01-01) and window_log_closes (float8, the natural logs of their closes
 * exactly as the check computed them, so the returns between them are its
 * returns bit for bit), and window_last_close (the newest one's close, for
 * the finding's text). An incremental run judges a symbol's new sessions
 * from these and reads only the bars from its last session on, instead of
 * the 61 bars before them. NULL while a symbol has fewer priced bars, and in
 * states written before these columns existed: such a symbol is loaded whole.
 */
export class QualityPriceWindow1764800000000 implements MigrationInterface {
  name = 'QualityPriceWindow1764800000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE data_ingestion.quality_symbol_state
        ADD COLUMN window_days BYTEA,
        ADD COLUMN window_log_closes BYTEA,
        ADD COLUMN window_last_close DOUBLE PRECISION,
        ADD CONSTRAINT chk_quality_symbol_state_window
          CHECK ((window_days IS NULL) = (window_log_closes IS NULL)
                 AND (window_days IS NULL) = (window_last_close IS NULL)
                 AND (window_days IS NULL OR octet_length(window_log_closes) = 2 * octet_length(window_days)))`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE data_ingestion.quality_symbol_state
        DROP CONSTRAINT chk_quality_symbol_state_window,
        DROP COLUMN window_last_close,
        DROP COLUMN window_log_closes,
        DROP COLUMN window_days`);
  }
}
