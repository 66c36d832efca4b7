import { validateBar, type MarketDataBar, type MarketDataSource } from '@mdi/domain';
import type { DataSource } from 'typeorm';

import { lastPerKey, symbolOf, type RejectedRow } from './rejected-row';

export type RejectedBar = RejectedRow;

export interface UpsertBarsResult {
  /** New (symbol, timestamp, source) rows. */
  readonly inserted: number;
  /** Existing rows whose prices or volume changed. */
  readonly updated: number;
  /** Existing rows already identical: no tuple written. */
  readonly unchanged: number;
  /** Earlier copies of a key repeated later in the same batch (the last one wins). */
  readonly duplicates: number;
  readonly rejected: readonly RejectedBar[];
}

export interface UpsertBarsTimings {
  /** validateBar over the whole batch, plus de-duplication and sorting. */
  readonly validateMs: number;
  /** The INSERT ... ON CONFLICT statements. */
  readonly writeMs: number;
}

export interface UpsertBarsOptions {
  /** Rows per statement; one round trip each. */
  readonly chunkSize?: number;
  /** Receives the time spent in each phase (for metrics and the benchmark). */
  readonly onTimings?: (timings: UpsertBarsTimings) => void;
}

export const DEFAULT_UPSERT_CHUNK_SIZE = 10_000;

/**
 * One statement per chunk: the rows travel as eight arrays, and the WHERE on
 * DO UPDATE makes an identical row a no-op (no new tuple, no WAL, no bloat).
 * `xmax = 0` on a RETURNING row means the row was inserted, not updated.
 */
const UPSERT_SQL = `
WITH upserted AS (
  INSERT INTO data_ingestion.market_data AS m (symbol, timestamp, open, high, low, close, volume, source)
  SELECT * FROM unnest($1::varchar[], $2::timestamptz[], $3::numeric[], $4::numeric[],
                       $5::numeric[], $6::numeric[], $7::bigint[], $8::varchar[])
  ON CONFLICT (symbol, timestamp, source) DO UPDATE
     SET open = EXCLUDED.open, high = EXCLUDED.high, low = EXCLUDED.low,
         close = EXCLUDED.close, volume = EXCLUDED.volume
   WHERE (m.open, m.high, m.low, m.close, m.volume)
         IS DISTINCT FROM (EXCLUDED.open, EXCLUDED.high, EXCLUDED.low, EXCLUDED.close, EXCLUDED.volume)
  RETURNING (xmax = 0) AS inserted
)
SELECT count(*) FILTER (WHERE inserted)::int AS inserted,
       count(*) FILTER (WHERE NOT inserted)::int AS updated
  FROM upserted`;

interface BarRow {
  symbol: string;
  timestamp: Date;
  open: string;
  high: string;
  low: string;
  close: string;
  volume: string;
  source: MarketDataSource;
}

export class MarketDataRepository {
  constructor(private readonly dataSource: DataSource) {}

  /**
   * Idempotent bulk write of daily bars. Every bar is validated again here
   * (defence in depth: a bad bar never reaches the table, whoever built it);
   * invalid ones are reported, the rest are stored.
   */
  async upsertBars(bars: readonly MarketDataBar[], options: UpsertBarsOptions = {}): Promise<UpsertBarsResult> {
    const chunkSize = options.chunkSize ?? DEFAULT_UPSERT_CHUNK_SIZE;
    if (!Number.isInteger(chunkSize) || chunkSize < 1) {
      throw new RangeError(`chunkSize must be a positive integer, got ${chunkSize}`);
    }
    const started = performance.now();
    const rejected: RejectedBar[] = [];
    const valid: MarketDataBar[] = [];
    bars.forEach((candidate, index) => {
      const result = validateBar(candidate);
      if (result.ok) valid.push(result.value);
      else rejected.push({ index, symbol: symbolOf(candidate), reasons: result.reasons });
    });
    // ON CONFLICT cannot touch the same row twice in one statement: keep the last.
    const { rows, duplicates } = lastPerKey(valid, (bar) => `${bar.symbol}\u0000${bar.source}\u0000${bar.timestamp.getTime()}`);
    // Key order: concurrent writers lock rows in the same order (no deadlock),
    // and the unique index is filled left to right.
    rows.sort(compareKeys);
    const validated = performance.now();
    let inserted = 0;
    let updated = 0;
    for (let start = 0; start < rows.length; start += chunkSize) {
      const counts = await this.upsertChunk(rows.slice(start, start + chunkSize));
      inserted += counts.inserted;
      updated += counts.updated;
    }
    options.onTimings?.({ validateMs: validated - started, writeMs: performance.now() - validated });
    return { inserted, updated, unchanged: rows.length - inserted - updated, duplicates, rejected };
  }

  /** Bars of one symbol with from <= timestamp <= to, oldest first, prices as canonical decimal text. */
  async findBars(symbol: string, from: Date, to: Date, source?: MarketDataSource): Promise<MarketDataBar[]> {
    const rows: BarRow[] = await this.dataSource.query(
      `SELECT symbol, timestamp, trim_scale(open)::text AS open, trim_scale(high)::text AS high,
              trim_scale(low)::text AS low, trim_scale(close)::text AS close, volume::text AS volume, source
         FROM data_ingestion.market_data
        WHERE symbol = $1 AND timestamp >= $2 AND timestamp <= $3 AND ($4::varchar IS NULL OR source = $4::varchar)
        ORDER BY timestamp, source`,
      [symbol, from.toISOString(), to.toISOString(), source ?? null],
    );
    return rows.map((row) => ({
      symbol: row.symbol,
      timestamp: row.timestamp,
      open: row.open,
      high: row.high,
      low: row.low,
      close: row.close,
      volume: Number(row.volume),
      source: row.source,
    }));
  }

  private async upsertChunk(rows: readonly MarketDataBar[]): Promise<{ inserted: number; updated: number }> {
    const n = rows.length;
    const symbols = new Array<string>(n);
    const timestamps = new Array<string>(n);
    const opens = new Array<string>(n);
    const highs = new Array<string>(n);
    const lows = new Array<string>(n);
    const closes = new Array<string>(n);
    const volumes = new Array<number>(n);
    const sources = new Array<string>(n);
    for (let i = 0; i < n; i += 1) {
      const bar = rows[i] as MarketDataBar;
      symbols[i] = bar.symbol;
      timestamps[i] = bar.timestamp.toISOString();
      opens[i] = bar.open;
      highs[i] = bar.high;
      lows[i] = bar.low;
      closes[i] = bar.close;
      volumes[i] = bar.volume;
      sources[i] = bar.source;
    }
    const [counts] = (await this.dataSource.query(UPSERT_SQL, [
      symbols, timestamps, opens, highs, lows, closes, volumes, sources,
    ])) as { inserted: number; updated: number }[];
    return counts ?? { inserted: 0, updated: 0 };
  }
}

function compareKeys(a: MarketDataBar, b: MarketDataBar): number {
  if (a.symbol !== b.symbol) return a.symbol < b.symbol ? -1 : 1;
  const dt = a.timestamp.getTime() - b.timestamp.getTime();
  if (dt !== 0) return dt;
  return a.source < b.source ? -1 : a.source > b.source ? 1 : 0;
}

