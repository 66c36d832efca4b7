import type { DataSource } from 'typeorm';

/*
 * The symbols with a stored bar come from a loose index scan of
 * idx_market_data_symbol_timestamp: each step asks the index for the first
 * symbol after the previous one, so the cost follows the number of symbols
 * (a few thousand index probes), not the number of bars, where
 * `SELECT DISTINCT symbol` reads every bar.
 */
const SYMBOLS_TO_CHECK = `
  WITH RECURSIVE stored(symbol) AS (
      (SELECT symbol FROM data_ingestion.market_data ORDER BY symbol LIMIT 1)
    UNION ALL
      SELECT (SELECT m.symbol FROM data_ingestion.market_data m
               WHERE m.symbol > stored.symbol ORDER BY m.symbol LIMIT 1)
        FROM stored WHERE stored.symbol IS NOT NULL)
  SELECT symbol FROM stored WHERE symbol IS NOT NULL
  UNION
  SELECT symbol FROM data_ingestion.symbols WHERE status = 'active'`;

/** Which symbols a quality run covers. */
export class QualityUniverseRepository {
  constructor(private readonly dataSource: DataSource) {}

  /**
   * Every symbol with a stored bar plus every active one (which must stay
   * fresh even before its first bar), each once, in code-unit order (the
   * order polars sorts strings in, whatever the database's collation).
   */
  async symbolsToCheck(): Promise<string[]> {
    const rows: { symbol: string }[] = await this.dataSource.query(SYMBOLS_TO_CHECK);
    return rows.map((row) => row.symbol).sort();
  }
}
