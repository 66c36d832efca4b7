import {
  QUALITY_CHECK_TYPES,
  QUALITY_STATUSES,
  type QualityCheckType,
  type QualityLogEntry,
  type QualityStatus,
} from '@mdi/domain';
import type { DataSource } from 'typeorm';

export interface StoredQualityLogEntry extends QualityLogEntry {
  readonly id: number;
  readonly timestamp: Date;
}

export interface QualityLogQuery {
  readonly symbol?: string;
  readonly checkType?: QualityCheckType;
  readonly since?: Date;
  /** Newest first; default 100. */
  readonly limit?: number;
}

interface LogRow {
  id: number;
  symbol: string | null;
  check_type: QualityCheckType;
  status: QualityStatus;
  message: string | null;
  details: Record<string, unknown> | null;
  timestamp: Date;
}

/** data_quality_logs: append-only findings of the quality service. */
export class QualityLogRepository {
  constructor(private readonly dataSource: DataSource) {}

  /** Inserts all entries in one statement, or none: a malformed entry is a bug, so it throws. */
  async insert(entries: readonly QualityLogEntry[]): Promise<number> {
    const problems = entries.flatMap((entry, index) => entryProblems(entry).map((p) => `entry ${index}: ${p}`));
    if (problems.length > 0) {
      throw new RangeError(`cannot log quality entries: ${problems.join('; ')}`);
    }
    if (entries.length === 0) return 0;
    const rows: unknown[] = await this.dataSource.query(
      `INSERT INTO data_ingestion.data_quality_logs (symbol, check_type, status, message, details)
       SELECT * FROM unnest($1::varchar[], $2::varchar[], $3::varchar[], $4::text[], $5::jsonb[])
       RETURNING id`,
      [
        entries.map((e) => e.symbol),
        entries.map((e) => e.checkType),
        entries.map((e) => e.status),
        entries.map((e) => e.message),
        entries.map((e) => (e.details === undefined ? null : JSON.stringify(e.details))),
      ],
    );
    return rows.length;
  }

  async find(query: QualityLogQuery = {}): Promise<StoredQualityLogEntry[]> {
    const rows: LogRow[] = await this.dataSource.query(
      `SELECT id, symbol, check_type, status, message, details, timestamp
         FROM data_ingestion.data_quality_logs
        WHERE ($1::varchar IS NULL OR symbol = $1::varchar)
          AND ($2::varchar IS NULL OR check_type = $2::varchar)
          AND ($3::timestamptz IS NULL OR timestamp >= $3::timestamptz)
        ORDER BY timestamp DESC, id DESC
        LIMIT $4`,
      [query.symbol ?? null, query.checkType ?? null, query.since?.toISOString() ?? null, query.limit ?? 100],
    );
    return rows.map((row) => ({
      id: row.id,
      symbol: row.symbol,
      checkType: row.check_type,
      status: row.status,
      message: row.message ?? '',
      ...(row.details === null ? {} : { details: row.details }),
      timestamp: row.timestamp,
    }));
  }
}

function entryProblems(e: QualityLogEntry): string[] {
  const problems: string[] = [];
  if (e?.symbol !== null && !(typeof e?.symbol === 'string' && e.symbol.length > 0 && e.symbol.length <= 10)) {
    problems.push(`symbol must be null or 1-10 characters, got ${String(e?.symbol)}`);
  }
  if (!QUALITY_CHECK_TYPES.includes(e?.checkType)) {
    problems.push(`checkType must be one of ${QUALITY_CHECK_TYPES.join(', ')}, got ${String(e?.checkType)}`);
  }
  if (!QUALITY_STATUSES.includes(e?.status)) {
    problems.push(`status must be one of ${QUALITY_STATUSES.join(', ')}, got ${String(e?.status)}`);
  }
  if (typeof e?.message !== 'string') problems.push('message must be text');
  if (e?.details !== undefined && (e.details === null || typeof e.details !== 'object' || Array.isArray(e.details))) {
    problems.push('details must be an object when present');
  }
  return problems;
}
