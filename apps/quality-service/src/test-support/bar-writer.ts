import type { DataSource } from 'typeorm';
import type { BarColumns } from './bar-columns';

const ROWS_PER_STATEMENT = 50_000;

/**
 * Inserts bars with timestamp = 00:00 America/New_York of their date, in
 * array order (ids follow it). Each statement is one `batch` (created_at).
 */
export async function writeBars(dataSource: DataSource, bars: BarColumns, source = 'polygon'): Promise<void> {
  for (let start = 0; start < bars.symbol.length; start += ROWS_PER_STATEMENT) {
    const slice = <T>(values: T[]) => values.slice(start, start + ROWS_PER_STATEMENT);
    await dataSource.query(
      `INSERT INTO data_ingestion.market_data (symbol, timestamp, open, high, low, close, volume, source)
       SELECT s, (d::timestamp AT TIME ZONE 'America/New_York'), o, h, l, c, v, $8
         FROM unnest($1::varchar[], $2::date[], $3::numeric[], $4::numeric[], $5::numeric[], $6::numeric[], $7::numeric[])
           AS t(s, d, o, h, l, c, v)`,
      [
        slice(bars.symbol),
        slice(bars.date),
        slice(bars.open),
        slice(bars.high),
        slice(bars.low),
        slice(bars.close),
        slice(bars.volume),
        source,
      ],
    );
  }
}

export async function writeSymbols(
  dataSource: DataSource,
  symbols: readonly string[],
  status = 'active',
): Promise<void> {
  await dataSource.query(
    `INSERT INTO data_ingestion.symbols (symbol, status) SELECT s, $2 FROM unnest($1::varchar[]) AS t(s)
     ON CONFLICT (symbol) DO UPDATE SET status = EXCLUDED.status`,
    [symbols, status],
  );
}
