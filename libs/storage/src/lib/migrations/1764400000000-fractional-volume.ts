import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * market_data.volume BIGINT -> NUMERIC(25,6): Polygon reports fractional
 * volumes (fractional-share trading, e.g. 25933.6), which BIGINT cannot hold.
 * 19 integer digits take every BIGINT value, so no existing row can fail the
 * conversion, and each keeps its value. The ALTER rewrites the table under an
 * ACCESS EXCLUSIVE lock (writers and readers wait for it).
 */
export class FractionalVolume1764400000000 implements MigrationInterface {
  name = 'FractionalVolume1764400000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE data_ingestion.market_data ALTER COLUMN volume TYPE NUMERIC(25,6)`);
  }

  /** Refuses while a fractional volume is stored: BIGINT would round it. */
  async down(q: QueryRunner): Promise<void> {
    const fractional: { symbol: string }[] = await q.query(
      `SELECT symbol FROM data_ingestion.market_data WHERE volume <> trunc(volume) LIMIT 1`,
    );
    if (fractional.length > 0) {
      throw new Error(`market_data holds fractional volumes (e.g. ${fractional[0].symbol}); BIGINT would round them`);
    }
    await q.query(`ALTER TABLE data_ingestion.market_data ALTER COLUMN volume TYPE BIGINT USING volume::bigint`);
  }
}
