import {
  INGESTION_STATUSES,
  isIsoDate,
  symbolProblem,
  type IngestionStatus,
  type IsoDate,
  type LedgerEntry,
  type MarketDataSource,
  type SymbolDataStatus,
} from '@mdi/domain';
import type { DataSource } from 'typeorm';
import { lastPerKey, partitionRows, type RejectedInputRow } from './rejected-input-row';

export interface StoredSymbolDataStatus extends SymbolDataStatus {
  readonly lastAttempt: Date;
}

interface StatusRow {
  symbol: string;
  date: string;
  data_source: MarketDataSource;
  status: SymbolDataStatus['status'];
  error_message: string | null;
  last_attempt: Date;
}

/**
 * One character per ledger status in a coverage grid row; `missing` is a
 * session with no row at all. Distinct single characters, so a row of N
 * sessions is a string of length N.
 */
export const COVERAGE_CELL_CODES: Readonly<Record<IngestionStatus | 'missing', string>> = Object.freeze({
  success: 's',
  no_data: 'n',
  not_available: 'a',
  failed: 'f',
  missing: '.',
});

/** One symbol's cells over the asked sessions, in the order of the sessions given. */
export interface CoverageGridRow {
  readonly symbol: string;
  /** `cells[i]` is the COVERAGE_CELL_CODES code of `sessions[i]`. */
  readonly cells: string;
}

/** A `failed` ledger cell and why it failed. */
export interface FailedCell {
  readonly symbol: string;
  readonly date: IsoDate;
  readonly errorMessage: string | null;
}

export interface UpsertStatusesResult {
  readonly written: number;
  readonly rejected: readonly RejectedInputRow[];
}

/** The coverage ledger (data_ingestion.symbol_data_status), one row per symbol/date/source. */
export class SymbolDataStatusRepository {
  constructor(private readonly dataSource: DataSource) {}

  /** Every row is an attempt, so last_attempt moves even when the status is the same. */
  async upsertStatuses(statuses: readonly SymbolDataStatus[]): Promise<UpsertStatusesResult> {
    const { valid, rejected } = partitionRows(statuses, statusProblems);
    const { rows } = lastPerKey(valid, (s) => `${s.symbol}\u0000${s.date}\u0000${s.dataSource}`);
    if (rows.length === 0) return { written: 0, rejected };
    const result: unknown[] = await this.dataSource.query(
      `INSERT INTO data_ingestion.symbol_data_status (symbol, date, data_source, status, error_message)
       SELECT * FROM unnest($1::varchar[], $2::date[], $3::varchar[], $4::varchar[], $5::text[])
       ON CONFLICT (symbol, date, data_source) DO UPDATE
          SET status = EXCLUDED.status, error_message = EXCLUDED.error_message, last_attempt = now()
       RETURNING 1`,
      [
        rows.map((s) => s.symbol),
        rows.map((s) => s.date),
        rows.map((s) => s.dataSource),
        rows.map((s) => s.status),
        rows.map((s) => s.errorMessage),
      ],
    );
    return { written: result.length, rejected };
  }

  /** Statuses of one symbol for from <= date <= to (session dates), oldest first. */
  async findStatuses(
    symbol: string,
    from: IsoDate,
    to: IsoDate,
    dataSource?: MarketDataSource,
  ): Promise<StoredSymbolDataStatus[]> {
    const rows: StatusRow[] = await this.dataSource.query(
      `SELECT symbol, date::text AS date, data_source, status, error_message, last_attempt
         FROM data_ingestion.symbol_data_status
        WHERE symbol = $1 AND date BETWEEN $2::date AND $3::date
          AND ($4::varchar IS NULL OR data_source = $4::varchar)
        ORDER BY date, data_source`,
      [symbol, from, to, dataSource ?? null],
    );
    return rows.map((row) => ({
      symbol: row.symbol,
      date: row.date,
      dataSource: row.data_source,
      status: row.status,
      errorMessage: row.error_message,
      lastAttempt: row.last_attempt,
    }));
  }

  /**
   * The ledger as a grid: one row per symbol (in the order given) with one
   * code per session (in the order given), COVERAGE_CELL_CODES.missing where
   * the ledger has no row. The callers pass the sessions that should have a
   * cell (a trading calendar's), so a missing code is a real gap.
   */
  async coverageGrid(
    symbols: readonly string[],
    sessions: readonly IsoDate[],
    dataSource: MarketDataSource,
  ): Promise<CoverageGridRow[]> {
    if (symbols.length === 0) return [];
    if (sessions.length === 0) return symbols.map((symbol) => ({ symbol, cells: '' }));
    assertDates(sessions);
    const statuses = Object.keys(COVERAGE_CELL_CODES).filter((k) => k !== 'missing');
    const rows: { symbol: string; cells: string }[] = await this.dataSource.query(
      `SELECT s.symbol, string_agg(coalesce(c.code, $6), '' ORDER BY x.ord) AS cells
         FROM unnest($1::varchar[]) WITH ORDINALITY AS s(symbol, sord)
        CROSS JOIN unnest($2::date[]) WITH ORDINALITY AS x(date, ord)
         LEFT JOIN data_ingestion.symbol_data_status d
           ON d.symbol = s.symbol AND d.date = x.date AND d.data_source = $3
         LEFT JOIN unnest($4::varchar[], $5::varchar[]) AS c(status, code) ON c.status = d.status
        GROUP BY s.symbol, s.sord
        ORDER BY s.sord`,
      [
        [...symbols],
        [...sessions],
        dataSource,
        statuses,
        statuses.map((k) => COVERAGE_CELL_CODES[k as IngestionStatus]),
        COVERAGE_CELL_CODES.missing,
      ],
    );
    return rows.map((row) => ({ symbol: row.symbol, cells: row.cells }));
  }

  /** The `failed` cells of these symbols on these sessions with their error, newest first, at most `limit`. */
  async failedCells(
    symbols: readonly string[],
    sessions: readonly IsoDate[],
    dataSource: MarketDataSource,
    limit: number,
  ): Promise<FailedCell[]> {
    if (symbols.length === 0 || sessions.length === 0 || limit <= 0) return [];
    assertDates(sessions);
    const rows: { symbol: string; date: string; error_message: string | null }[] = await this.dataSource.query(
      `SELECT symbol, date::text AS date, error_message
         FROM data_ingestion.symbol_data_status
        WHERE data_source = $3 AND status = 'failed' AND symbol = ANY($1::varchar[]) AND date = ANY($2::date[])
        ORDER BY date DESC, symbol
        LIMIT $4`,
      [[...symbols], [...sessions], dataSource, limit],
    );
    return rows.map((row) => ({ symbol: row.symbol, date: row.date, errorMessage: row.error_message }));
  }

  /** Every ledger row of these symbols in [from, to] for one source (planning reads whole windows at once). */
  async ledgerEntries(
    symbols: readonly string[],
    from: IsoDate,
    to: IsoDate,
    dataSource: MarketDataSource,
  ): Promise<LedgerEntry[]> {
    if (symbols.length === 0) return [];
    return this.dataSource.query(
      `SELECT symbol, date::text AS date, status FROM data_ingestion.symbol_data_status
        WHERE data_source = $1 AND symbol = ANY($2::varchar[]) AND date BETWEEN $3::date AND $4::date`,
      [dataSource, [...symbols], from, to],
    );
  }

  /** Which of these symbols have a settled (success / no_data) cell on `date` for one source. */
  async settledOn(symbols: readonly string[], date: IsoDate, dataSource: MarketDataSource): Promise<Set<string>> {
    if (symbols.length === 0) return new Set();
    const settled: { symbol: string }[] = await this.dataSource.query(
      `SELECT symbol FROM data_ingestion.symbol_data_status
        WHERE data_source = $1 AND date = $2::date AND symbol = ANY($3::varchar[]) AND status IN ('success', 'no_data')`,
      [dataSource, date, [...symbols]],
    );
    return new Set(settled.map((s) => s.symbol));
  }

  /** The latest `count` ledger rows of each symbol for one source, by symbol, then newest first. */
  async latestEntries(symbols: readonly string[], count: number, dataSource: MarketDataSource): Promise<LedgerEntry[]> {
    if (symbols.length === 0) return [];
    return this.dataSource.query(
      `SELECT symbol, date, status FROM (
         SELECT symbol, date::text AS date, status, row_number() OVER (PARTITION BY symbol ORDER BY date DESC) AS rn
           FROM data_ingestion.symbol_data_status WHERE data_source = $1 AND symbol = ANY($2::varchar[])) t
        WHERE rn <= $3 ORDER BY symbol, date DESC`,
      [dataSource, [...symbols], count],
    );
  }

  /** The newest session with a success row for any symbol of one source. */
  async lastSuccessDate(dataSource: MarketDataSource): Promise<IsoDate | null> {
    const [row]: { date: string | null }[] = await this.dataSource.query(
      `SELECT max(date)::text AS date FROM data_ingestion.symbol_data_status WHERE data_source = $1 AND status = 'success'`,
      [dataSource],
    );
    return row?.date ?? null;
  }
}

function assertDates(dates: readonly string[]): void {
  const bad = dates.find((d) => !isIsoDate(d));
  if (bad !== undefined) throw new RangeError(`sessions must be YYYY-MM-DD dates, got ${JSON.stringify(bad)}`);
}

function statusProblems(s: SymbolDataStatus): string[] {
  const problems: string[] = [];
  const symbol = symbolProblem(s?.symbol);
  if (symbol) problems.push(symbol);
  if (!isIsoDate(s?.date)) problems.push(`date must be YYYY-MM-DD, got ${String(s?.date)}`);
  if (s?.dataSource !== 'polygon' && s?.dataSource !== 'alpaca') {
    problems.push(`dataSource must be 'polygon' or 'alpaca', got ${String(s?.dataSource)}`);
  }
  if (!INGESTION_STATUSES.includes(s?.status)) {
    problems.push(`status must be one of ${INGESTION_STATUSES.join(', ')}, got ${String(s?.status)}`);
  }
  return problems;
}
