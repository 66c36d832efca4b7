import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * symbols.type: the provider's security type (CS common stock, ETF, ADRC,
 * PFD, ...), filled in by the reference sync for symbols already in the
 * universe, beside the name and exchange it fills too. The seed's symbols
 * table has no such column; operators filter and read the universe by it.
 */
export class SymbolType1764500000000 implements MigrationInterface {
  name = 'SymbolType1764500000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE data_ingestion.symbols ADD COLUMN type VARCHAR(20)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE data_ingestion.symbols DROP COLUMN IF EXISTS type`);
  }
}
