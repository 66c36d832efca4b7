import type { DataSource } from 'typeorm';

export interface StoredWatermark {
  readonly name: string;
  readonly value: string;
  readonly updatedAt: Date;
}

/**
 * data_ingestion.monitor_watermarks: named poll cursors that only move
 * forward. Values are compared as byte strings (COLLATE "C"), so a cursor
 * must be written in a sortable form: an ISO-8601 UTC instant from
 * toISOString(), or an Alpaca activity id (it starts with its time).
 */
export class MonitorWatermarkRepository {
  constructor(private readonly dataSource: DataSource) {}

  async get(name: string): Promise<string | null> {
    const rows: { value: string }[] = await this.dataSource.query(
      `SELECT value FROM data_ingestion.monitor_watermarks WHERE name = $1`,
      [name],
    );
    return rows[0]?.value ?? null;
  }

  /**
   * Compare-and-set: stores `value` only when there is none yet or it sorts
   * after the stored one, so concurrent replicas and late jobs can never move
   * a cursor back. Resolves true when it moved.
   */
  async advance(name: string, value: string): Promise<boolean> {
    if (typeof name !== 'string' || name.length === 0 || name.length > 100) {
      throw new RangeError(`watermark name must be 1-100 characters, got ${JSON.stringify(name)}`);
    }
    if (typeof value !== 'string' || value.length === 0) {
      throw new RangeError(`watermark ${name}: value must be a non-empty string`);
    }
    const rows: unknown[] = await this.dataSource.query(
      `INSERT INTO data_ingestion.monitor_watermarks AS w (name, value) VALUES ($1, $2)
       ON CONFLICT (name) DO UPDATE SET value = EXCLUDED.value, updated_at = now()
        WHERE w.value COLLATE "C" < EXCLUDED.value COLLATE "C"
       RETURNING 1`,
      [name, value],
    );
    return rows.length > 0;
  }

  /** Every watermark whose name starts with `prefix`. */
  async list(prefix = ''): Promise<StoredWatermark[]> {
    const rows: { name: string; value: string; updated_at: Date }[] = await this.dataSource.query(
      `SELECT name, value, updated_at FROM data_ingestion.monitor_watermarks
        WHERE left(name, length($1)) = $1 ORDER BY name`,
      [prefix],
    );
    return rows.map((row) => ({ name: row.name, value: row.value, updatedAt: row.updated_at }));
  }
}
