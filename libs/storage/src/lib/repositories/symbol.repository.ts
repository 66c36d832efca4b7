import { SYMBOL_STATUSES, symbolProblem, type SymbolInfo, type SymbolStatus, type TickerReference } from '@mdi/domain';
import type { DataSource } from 'typeorm';
import { lastPerKey, partitionRows, type RejectedInputRow } from './rejected-input-row';

interface SymbolRow {
  symbol: string;
  name: string | null;
  exchange: string | null;
  sector: string | null;
  market_cap: string | null;
  status: SymbolStatus;
  type: string | null;
}

/** The columns written from a SymbolInfo; `type` is the reference sync's alone (applyReferenceDetails). */
const COLUMNS = 'symbol, name, exchange, sector, market_cap, status';
const READ_COLUMNS = `${COLUMNS}, type`;

export interface UpsertSymbolsResult {
  /** Rows inserted or changed (an identical row is not rewritten). */
  readonly written: number;
  readonly rejected: readonly RejectedInputRow[];
}

/** The symbol universe (data_ingestion.symbols). */
export class SymbolRepository {
  constructor(private readonly dataSource: DataSource) {}

  async list(status?: SymbolStatus): Promise<SymbolInfo[]> {
    const rows: SymbolRow[] = await this.dataSource.query(
      `SELECT ${READ_COLUMNS} FROM data_ingestion.symbols WHERE ($1::varchar IS NULL OR status = $1::varchar) ORDER BY symbol`,
      [status ?? null],
    );
    return rows.map(toSymbolInfo);
  }

  async get(symbol: string): Promise<SymbolInfo | null> {
    const rows: SymbolRow[] = await this.dataSource.query(
      `SELECT ${READ_COLUMNS} FROM data_ingestion.symbols WHERE symbol = $1`,
      [symbol],
    );
    return rows[0] ? toSymbolInfo(rows[0]) : null;
  }

  async add(symbol: SymbolInfo): Promise<UpsertSymbolsResult> {
    return this.upsert([symbol]);
  }

  /** Inserts new symbols and refreshes changed ones (last_updated moves only on a change). */
  async upsert(symbols: readonly SymbolInfo[]): Promise<UpsertSymbolsResult> {
    const { valid, rejected } = partitionRows(symbols, symbolInfoProblems);
    const { rows } = lastPerKey(valid, (s) => s.symbol);
    if (rows.length === 0) return { written: 0, rejected };
    const result: unknown[] = await this.dataSource.query(
      `INSERT INTO data_ingestion.symbols AS s (${COLUMNS})
       SELECT * FROM unnest($1::varchar[], $2::varchar[], $3::varchar[], $4::varchar[], $5::bigint[], $6::varchar[])
       ON CONFLICT (symbol) DO UPDATE
          SET name = EXCLUDED.name, exchange = EXCLUDED.exchange, sector = EXCLUDED.sector,
              market_cap = EXCLUDED.market_cap, status = EXCLUDED.status, last_updated = now()
        WHERE (s.name, s.exchange, s.sector, s.market_cap, s.status)
              IS DISTINCT FROM (EXCLUDED.name, EXCLUDED.exchange, EXCLUDED.sector, EXCLUDED.market_cap, EXCLUDED.status)
       RETURNING symbol`,
      [
        rows.map((s) => s.symbol),
        rows.map((s) => s.name),
        rows.map((s) => s.exchange),
        rows.map((s) => s.sector),
        rows.map((s) => s.marketCap),
        rows.map((s) => s.status),
      ],
    );
    return { written: result.length, rejected };
  }

  /**
   * Copies the provider's name, primary exchange and security type onto symbols already in
   * the universe (a reference listing page). A blank provider value never
   * replaces a stored one; symbols not in the universe are not added; rows
   * whose values are unchanged are not rewritten. Returns the symbols changed.
   */
  async applyReferenceDetails(references: readonly TickerReference[]): Promise<string[]> {
    const { rows } = lastPerKey(
      references.filter((r) => symbolProblem(r?.symbol) === null),
      (r) => r.symbol,
    );
    if (rows.length === 0) return [];
    // TypeORM answers an UPDATE ... RETURNING with [rows, affected count].
    const [changed] = (await this.dataSource.query(
      `UPDATE data_ingestion.symbols AS s
          SET name = COALESCE(NULLIF(btrim(u.n), ''), s.name),
              exchange = COALESCE(NULLIF(btrim(u.e), ''), s.exchange),
              type = COALESCE(NULLIF(btrim(u.t), ''), s.type),
              last_updated = now()
         FROM unnest($1::varchar[], $2::varchar[], $3::varchar[], $4::varchar[]) AS u(sym, n, e, t)
        WHERE s.symbol = u.sym
          AND (COALESCE(NULLIF(btrim(u.n), ''), s.name), COALESCE(NULLIF(btrim(u.e), ''), s.exchange), COALESCE(NULLIF(btrim(u.t), ''), s.type))
              IS DISTINCT FROM (s.name, s.exchange, s.type)
       RETURNING s.symbol`,
      [
        rows.map((r) => r.symbol),
        rows.map((r) => (typeof r.name === 'string' ? r.name.slice(0, 255) : null)),
        rows.map((r) => (typeof r.exchange === 'string' ? r.exchange.slice(0, 50) : null)),
        rows.map((r) => (typeof r.type === 'string' ? r.type.slice(0, 20) : null)),
      ],
    )) as [{ symbol: string }[], number];
    return changed.map((row) => row.symbol).sort();
  }

  /** How many symbols the universe holds, of one status or of any. */
  async count(status?: SymbolStatus): Promise<number> {
    const [{ n }]: { n: number }[] = await this.dataSource.query(
      `SELECT count(*)::int AS n FROM data_ingestion.symbols WHERE ($1::varchar IS NULL OR status = $1::varchar)`,
      [status ?? null],
    );
    return n;
  }

  /** The active symbols' names, sorted (the quality checks' universe). */
  async activeSymbols(): Promise<string[]> {
    const rows: { symbol: string }[] = await this.dataSource.query(
      `SELECT symbol FROM data_ingestion.symbols WHERE status = 'active' ORDER BY symbol`,
    );
    return rows.map((row) => row.symbol);
  }

  /** Whether the system knows this exact symbol: listed in symbols (any status), or with a stored bar. */
  async isKnown(symbol: string): Promise<boolean> {
    const rows: unknown[] = await this.dataSource.query(
      `SELECT 1 FROM data_ingestion.symbols WHERE symbol = $1
       UNION ALL SELECT 1 FROM data_ingestion.market_data WHERE symbol = $1 LIMIT 1`,
      [symbol],
    );
    return rows.length > 0;
  }

  /** Returns false when the symbol is unknown. */
  async setStatus(symbol: string, status: SymbolStatus): Promise<boolean> {
    if (!SYMBOL_STATUSES.includes(status)) {
      throw new RangeError(`status must be one of ${SYMBOL_STATUSES.join(', ')}, got ${String(status)}`);
    }
    const [, affected] = (await this.dataSource.query(
      `UPDATE data_ingestion.symbols SET status = $2, last_updated = now() WHERE symbol = $1`,
      [symbol, status],
    )) as [unknown, number];
    return affected === 1;
  }

  /** Returns false when the symbol is unknown. */
  async remove(symbol: string): Promise<boolean> {
    const [, affected] = (await this.dataSource.query(`DELETE FROM data_ingestion.symbols WHERE symbol = $1`, [
      symbol,
    ])) as [unknown, number];
    return affected === 1;
  }
}

function symbolInfoProblems(s: SymbolInfo): string[] {
  const problems: string[] = [];
  const symbol = symbolProblem(s?.symbol);
  if (symbol) problems.push(symbol);
  if (!SYMBOL_STATUSES.includes(s?.status)) {
    problems.push(`status must be one of ${SYMBOL_STATUSES.join(', ')}, got ${String(s?.status)}`);
  }
  for (const [field, max] of [
    ['name', 255],
    ['exchange', 50],
    ['sector', 100],
  ] as const) {
    const value = s?.[field];
    if (value !== null && value !== undefined && (typeof value !== 'string' || value.length > max)) {
      problems.push(`${field} must be text of at most ${max} characters`);
    }
  }
  const cap = s?.marketCap;
  if (cap !== null && cap !== undefined && !(Number.isSafeInteger(cap) && cap >= 0)) {
    problems.push(`marketCap must be a whole number of dollars >= 0, got ${String(cap)}`);
  }
  return problems;
}

function toSymbolInfo(row: SymbolRow): SymbolInfo {
  return {
    symbol: row.symbol,
    name: row.name,
    exchange: row.exchange,
    sector: row.sector,
    marketCap: row.market_cap === null ? null : Number(row.market_cap),
    status: row.status,
    type: row.type,
  };
}
