import type { DataSource } from 'typeorm';

/** Whatever can run a statement: the DataSource, or a session (QueryRunner) holding a lock. */
export type SqlExecutor = Pick<DataSource, 'query'>;

/** A stored report's summary row. */
export interface QualityReportRow<D> {
  /** Text, not Date: PostgreSQL keeps microseconds, a JS Date would drop them. */
  stamp: string;
  details: D;
}

/** One finding row of a report. */
export interface QualityReportFindingRow {
  symbol: string | null;
  check_type: string;
  message: string;
  details: { code: string; date: string | null };
}

/**
 * Quality reports as stored in data_quality_logs: one 'quality_report' row
 * whose details hold the summary (with its runId and, for a scheduled run,
 * its slot), and one row per finding. All rows of a run are inserted by one
 * statement (QualityLogRepository.insert), so they share its timestamp:
 * findings are found through the timestamp index, then matched by runId.
 */
export class QualityReportLogRepository {
  constructor(private readonly dataSource: DataSource) {}

  /** Whether a report of this schedule slot is stored (it cannot be older than the slot). */
  async hasSlot(slot: Date, executor: SqlExecutor = this.dataSource): Promise<boolean> {
    const rows: unknown[] = await executor.query(
      `SELECT 1 FROM data_ingestion.data_quality_logs
        WHERE check_type = 'quality_report' AND timestamp >= $1 AND details->>'slot' = $2 LIMIT 1`,
      [slot.toISOString(), slot.toISOString()],
    );
    return rows.length > 0;
  }

  /** The newest report's row (none when no report is stored). */
  latest<D>(): Promise<QualityReportRow<D>[]> {
    return this.dataSource.query(
      `SELECT timestamp::text AS stamp, details FROM data_ingestion.data_quality_logs
        WHERE check_type = 'quality_report' ORDER BY timestamp DESC, id DESC LIMIT 1`,
    );
  }

  /** Report rows stored in [since, until), newest first, at most `limit`. */
  between<D>(since: Date, until: Date, limit: number): Promise<QualityReportRow<D>[]> {
    return this.dataSource.query(
      `SELECT timestamp::text AS stamp, details FROM data_ingestion.data_quality_logs
        WHERE check_type = 'quality_report' AND timestamp >= $1 AND timestamp < $2
        ORDER BY timestamp DESC, id DESC LIMIT $3`,
      [since.toISOString(), until.toISOString(), limit],
    );
  }

  /** The finding rows of the run `runId` stored at `stamp`, of one symbol or of all, in insertion order. */
  findings(stamp: string, runId: string, symbol?: string): Promise<QualityReportFindingRow[]> {
    return this.dataSource.query(
      `SELECT symbol, check_type, message, details FROM data_ingestion.data_quality_logs
          WHERE timestamp = $1::timestamptz AND check_type <> 'quality_report' AND details->>'runId' = $2
            AND ($3::varchar IS NULL OR symbol = $3::varchar)
          ORDER BY id`,
      [stamp, runId, symbol ?? null],
    );
  }
}
