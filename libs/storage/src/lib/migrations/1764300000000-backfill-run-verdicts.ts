import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Every backfill run ends with a verdict, and one request makes one run:
 * - backfill_calls.error: why a call ended `failed` (attempts spent, a
 *   refusal, a listing whose next_url loops), so a run can say which of its
 *   calls did not complete and why;
 * - backfill_runs.failure_reason: the run's verdict text when it ends
 *   `partial` (some calls failed) or `failed` (all did);
 * - backfill_runs.request_key: a digest of the request (window and symbols);
 *   the partial unique index admits one `running` run per key, so identical
 *   requests sent to several replicas at once resolve to one run;
 * - reference_tickers.checked_through: the newest session of the evidence a
 *   ticker-details lookup last settled (a delisting suspicion), so a halted
 *   symbol is looked up once per streak, not once per session.
 */
export class BackfillRunVerdicts1764300000000 implements MigrationInterface {
  name = 'BackfillRunVerdicts1764300000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE data_ingestion.backfill_calls ADD COLUMN error TEXT`);
    await q.query(
      `ALTER TABLE data_ingestion.backfill_runs ADD COLUMN failure_reason TEXT, ADD COLUMN request_key VARCHAR(64)`,
    );
    await q.query(
      `CREATE UNIQUE INDEX uq_backfill_runs_running_request ON data_ingestion.backfill_runs (request_key) WHERE status = 'running'`,
    );
    await q.query(`ALTER TABLE data_ingestion.reference_tickers ADD COLUMN checked_through DATE`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE data_ingestion.reference_tickers DROP COLUMN IF EXISTS checked_through`);
    await q.query(`DROP INDEX IF EXISTS data_ingestion.uq_backfill_runs_running_request`);
    await q.query(
      `ALTER TABLE data_ingestion.backfill_runs DROP COLUMN IF EXISTS failure_reason, DROP COLUMN IF EXISTS request_key`,
    );
    await q.query(`ALTER TABLE data_ingestion.backfill_calls DROP COLUMN IF EXISTS error`);
  }
}
