import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Room on each page for the next version of its rows, so that updating them
 * touches no index (a heap-only tuple update):
 * - quality_symbol_state: every incremental run after an end-of-day update
 *   rewrites every symbol's state (its counts and its price window move on);
 *   a state row is about 0.9 kB, so at fillfactor 45 a page keeps room for
 *   the next version of each of its rows.
 * - quality_findings: every run marks each open finding it sees again as
 *   last seen by it; open rows are a fraction of the ledger, so 70 suffices.
 * New pages are written with the room; a full quality run rewrites every
 * state, so that table has it from the next full run on.
 */
export class QualityStateRoomForUpdates1764900000001 implements MigrationInterface {
  name = 'QualityStateRoomForUpdates1764900000001';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE data_ingestion.quality_symbol_state SET (fillfactor = 45)`);
    await q.query(`ALTER TABLE data_ingestion.quality_findings SET (fillfactor = 70)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE data_ingestion.quality_findings RESET (fillfactor)`);
    await q.query(`ALTER TABLE data_ingestion.quality_symbol_state RESET (fillfactor)`);
  }
}
