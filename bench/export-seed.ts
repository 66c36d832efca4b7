/**
 * The export bench's data: apps/quality-service's seedBenchBars (random walks
 * generated inside PostgreSQL), with its symbols spelled as tickers. That
 * seed names them S00001, S00002, ..., which the ingestor's universe refuses
 * (a ticker is 1-6 letters), so while it runs a row trigger of this
 * temporary database writes each digit as a letter (S00001 -> SAAAAB): the
 * rows are stored once, as they would be, instead of inserted then updated.
 */
import type { IsoDate, TradingCalendar } from '@mdi/domain';
import type { DataSource } from 'typeorm';
import { seedBenchBars } from '../apps/quality-service/src/test-support/bench-seed';

export async function seedTickerBars(
  dataSource: DataSource,
  calendar: TradingCalendar,
  symbols: number,
  from: IsoDate,
  to: IsoDate,
): Promise<number> {
  await dataSource.query(
    `CREATE FUNCTION data_ingestion.bench_letter_symbol() RETURNS trigger LANGUAGE plpgsql AS $$
     BEGIN NEW.symbol := translate(NEW.symbol, '0123456789', 'ABCDEFGHIJ'); RETURN NEW; END $$`,
  );
  await dataSource.query(
    `CREATE TRIGGER bench_letter_symbol BEFORE INSERT ON data_ingestion.market_data
       FOR EACH ROW EXECUTE FUNCTION data_ingestion.bench_letter_symbol()`,
  );
  try {
    return await seedBenchBars(dataSource, calendar, symbols, from, to);
  } finally {
    await dataSource.query(`DROP TRIGGER bench_letter_symbol ON data_ingestion.market_data`);
    await dataSource.query(`DROP FUNCTION data_ingestion.bench_letter_symbol()`);
  }
}
