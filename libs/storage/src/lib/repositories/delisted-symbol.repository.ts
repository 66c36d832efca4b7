import { isIsoDate, isDecimalString, symbolProblem, type DelistedSymbol } from '@mdi/domain';
import type { DataSource } from 'typeorm';

interface DelistedRow {
  symbol: string;
  delist_date: string | null;
  last_price: string | null;
  notes: string | null;
}

/** data_ingestion.delisted_symbols: tickers we must stop spending Polygon calls on. */
export class DelistedSymbolRepository {
  constructor(private readonly dataSource: DataSource) {}

  /**
   * Records (or refreshes) a delisting. last_price keeps the seed's
   * DECIMAL(10,2), so PostgreSQL rounds it to cents.
   */
  async record(delisted: DelistedSymbol): Promise<void> {
    const problems = delistedProblems(delisted);
    if (problems.length > 0) {
      throw new RangeError(`cannot record delisted symbol: ${problems.join('; ')}`);
    }
    await this.dataSource.query(
      `INSERT INTO data_ingestion.delisted_symbols (symbol, delist_date, last_price, notes)
       VALUES ($1, $2, $3, $4)
       ON CONFLICT (symbol) DO UPDATE
          SET delist_date = EXCLUDED.delist_date, last_price = EXCLUDED.last_price, notes = EXCLUDED.notes`,
      [delisted.symbol, delisted.delistDate, delisted.lastPrice, delisted.notes],
    );
  }

  async get(symbol: string): Promise<DelistedSymbol | null> {
    const rows: DelistedRow[] = await this.dataSource.query(
      `SELECT symbol, delist_date::text AS delist_date, trim_scale(last_price)::text AS last_price, notes
         FROM data_ingestion.delisted_symbols WHERE symbol = $1`,
      [symbol],
    );
    const row = rows[0];
    return row
      ? { symbol: row.symbol, delistDate: row.delist_date, lastPrice: row.last_price, notes: row.notes }
      : null;
  }
}

function delistedProblems(d: DelistedSymbol): string[] {
  const problems: string[] = [];
  const symbol = symbolProblem(d?.symbol);
  if (symbol) problems.push(symbol);
  if (d?.delistDate !== null && !isIsoDate(d?.delistDate)) {
    problems.push(`delistDate must be YYYY-MM-DD or null, got ${String(d?.delistDate)}`);
  }
  if (d?.lastPrice !== null && !(isDecimalString(d?.lastPrice) && Math.abs(Number(d.lastPrice)) < 1e8)) {
    problems.push(`lastPrice must be decimal text below 100000000 or null, got ${String(d?.lastPrice)}`);
  }
  return problems;
}
