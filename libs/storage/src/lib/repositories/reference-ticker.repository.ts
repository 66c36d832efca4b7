import { isIsoDate, symbolProblem, type IsoDate, type MarketDataSource, type TickerReference } from '@mdi/domain';
import type { DataSource } from 'typeorm';
import { lastPerKey, partitionRows, type RejectedInputRow } from './rejected-input-row';

export interface StoredTickerReference extends TickerReference {
  /** Last session the ticker had a bar in a grouped-daily answer. */
  readonly lastSeen: IsoDate | null;
  /** Newest session of the evidence a ticker-details lookup last answered (a delisting suspicion checked through then). */
  readonly checkedThrough: IsoDate | null;
}

/** data_ingestion.reference_tickers: the tickers the provider knows. */
export class ReferenceTickerRepository {
  constructor(private readonly dataSource: DataSource) {}

  /** Full rows from the reference listing (name, exchange, type, active, delisting). */
  async upsertReferences(
    tickers: readonly TickerReference[],
    source: MarketDataSource,
  ): Promise<{ written: number; rejected: readonly RejectedInputRow[] }> {
    const { valid, rejected } = partitionRows(tickers, referenceProblems);
    const { rows } = lastPerKey(valid, (t) => t.symbol);
    if (rows.length === 0) return { written: 0, rejected };
    const result: unknown[] = await this.dataSource.query(
      `INSERT INTO data_ingestion.reference_tickers (symbol, name, exchange, type, active, delisted_date, source)
       SELECT s, n, e, t, a, d, $7 FROM unnest($1::varchar[], $2::varchar[], $3::varchar[], $4::varchar[], $5::boolean[], $6::date[]) AS u(s, n, e, t, a, d)
       ON CONFLICT (symbol) DO UPDATE SET name = EXCLUDED.name, exchange = EXCLUDED.exchange, type = EXCLUDED.type,
              active = EXCLUDED.active, delisted_date = EXCLUDED.delisted_date, source = EXCLUDED.source, updated_at = now()
       RETURNING 1`,
      [
        rows.map((t) => t.symbol),
        rows.map((t) => t.name?.slice(0, 255) ?? null),
        rows.map((t) => t.exchange?.slice(0, 50) ?? null),
        rows.map((t) => t.type?.slice(0, 20) ?? null),
        rows.map((t) => t.active),
        rows.map((t) => t.delistedDate),
        source,
      ],
    );
    return { written: result.length, rejected };
  }

  /** Tickers that traded on `date` (a grouped-daily answer): known, active, seen then. */
  async markSeen(symbols: readonly string[], date: IsoDate, source: MarketDataSource): Promise<number> {
    if (!isIsoDate(date)) throw new RangeError(`date must be YYYY-MM-DD, got ${String(date)}`);
    const valid = [...new Set(symbols.filter((s) => symbolProblem(s) === null))];
    if (valid.length === 0) return 0;
    const result: unknown[] = await this.dataSource.query(
      `INSERT INTO data_ingestion.reference_tickers (symbol, active, last_seen, source)
       SELECT s, true, $2::date, $3 FROM unnest($1::varchar[]) AS u(s)
       ON CONFLICT (symbol) DO UPDATE SET last_seen = GREATEST(reference_tickers.last_seen, EXCLUDED.last_seen), updated_at = now()
       RETURNING 1`,
      [valid, date, source],
    );
    return result.length;
  }

  /**
   * Stores a ticker-details answer and the session through which it settled
   * a delisting suspicion, so the same evidence is not looked up again.
   */
  async recordDetailsCheck(
    reference: TickerReference,
    checkedThrough: IsoDate,
    source: MarketDataSource,
  ): Promise<void> {
    if (!isIsoDate(checkedThrough))
      throw new RangeError(`checkedThrough must be YYYY-MM-DD, got ${String(checkedThrough)}`);
    const { rejected } = await this.upsertReferences([reference], source);
    if (rejected.length > 0) throw new RangeError(`reference refused: ${rejected[0].reasons.join('; ')}`);
    await this.dataSource.query(
      `UPDATE data_ingestion.reference_tickers SET checked_through = GREATEST(checked_through, $2::date) WHERE symbol = $1`,
      [reference.symbol, checkedThrough],
    );
  }

  async get(symbol: string): Promise<StoredTickerReference | null> {
    const rows = await this.select(`WHERE symbol = $1`, [symbol]);
    return rows[0] ?? null;
  }

  /** References of the given symbols (unknown ones are absent). */
  async findMany(symbols: readonly string[]): Promise<StoredTickerReference[]> {
    return symbols.length === 0 ? [] : this.select(`WHERE symbol = ANY($1::varchar[])`, [[...symbols]]);
  }

  async count(): Promise<number> {
    const [{ n }]: { n: number }[] = await this.dataSource.query(
      `SELECT count(*)::int AS n FROM data_ingestion.reference_tickers`,
    );
    return n;
  }

  private async select(where: string, params: unknown[]): Promise<StoredTickerReference[]> {
    const rows: {
      symbol: string;
      name: string | null;
      exchange: string | null;
      type: string | null;
      active: boolean;
      delisted_date: string | null;
      last_seen: string | null;
      checked_through: string | null;
    }[] = await this.dataSource.query(
      `SELECT symbol, name, exchange, type, active, delisted_date::text AS delisted_date, last_seen::text AS last_seen,
                checked_through::text AS checked_through
           FROM data_ingestion.reference_tickers ${where} ORDER BY symbol`,
      params,
    );
    return rows.map((r) => ({
      symbol: r.symbol,
      name: r.name,
      exchange: r.exchange,
      type: r.type,
      active: r.active,
      delistedDate: r.delisted_date,
      lastSeen: r.last_seen,
      checkedThrough: r.checked_through,
    }));
  }
}

function referenceProblems(t: TickerReference): string[] {
  const problems: string[] = [];
  const symbol = symbolProblem(t?.symbol);
  if (symbol) problems.push(symbol);
  if (typeof t?.active !== 'boolean') problems.push(`active must be true or false, got ${String(t?.active)}`);
  if (t?.delistedDate !== null && t?.delistedDate !== undefined && !isIsoDate(t.delistedDate)) {
    problems.push(`delistedDate must be YYYY-MM-DD or null, got ${String(t.delistedDate)}`);
  }
  return problems;
}
