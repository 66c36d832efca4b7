import {
  INGESTION_STATUSES,
  isIsoDate,
  symbolProblem,
  type IsoDate,
  type MarketDataSource,
  type SymbolDataStatus,
} from '@mdi/domain';
import type { DataSource } from 'typeorm';
import { lastPerKey, partitionRows, type RejectedRow } from './rejected-row';

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

export interface UpsertStatusesResult {
  readonly written: number;
  readonly rejected: readonly RejectedRow[];
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
