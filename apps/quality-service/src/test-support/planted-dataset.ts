import type { DataSource } from 'typeorm';
import { writeBars, writeSymbols } from './bar-writer';
import { generateCleanBars } from './clean-bars.generator';

// Wednesday before the close: the last completed session is Tuesday 2024-11-26.
export const PLANTED_NOW = new Date('2024-11-27T15:00:00Z');
export const PLANTED_ACTIVE = ['AAA', 'BBB', 'CCC', 'DDD', 'EEE', 'FFF', 'GGG', 'HHH', 'III', 'JJJ', 'LLL', 'MMM'];
export const PLANTED_DELISTED = 'KKK';

const DELISTED = PLANTED_DELISTED;
const at = (date: string) => `(DATE '${date}'::timestamp AT TIME ZONE 'America/New_York')`;

/**
 * Clean bars of 13 symbols from 2024-05-01 to 2024-11-26 (KKK delisted, the
 * others active) with one defect of each kind, each on its own symbol and
 * date; JJJ, KKK and LLL are controls (see plantDefects).
 */
export async function seedPlantedDataset(dataSource: DataSource): Promise<void> {
  await writeBars(
    dataSource,
    generateCleanBars({ symbols: [...PLANTED_ACTIVE, DELISTED].sort(), from: '2024-05-01', to: '2024-11-26', seed: 7 }),
  );
  await writeSymbols(dataSource, PLANTED_ACTIVE);
  await writeSymbols(dataSource, [DELISTED], 'delisted');
  await plantDefects(dataSource);
}

/** One defect of each kind, each on its own symbol and date; JJJ, KKK and LLL are controls. */
async function plantDefects(dataSource: DataSource): Promise<void> {
  const q = (sql: string) => dataSource.query(sql);
  await q(`DELETE FROM data_ingestion.market_data WHERE symbol = 'AAA' AND timestamp = ${at('2024-09-10')}`);
  await q(
    `UPDATE data_ingestion.market_data SET high = LEAST(open, close) * 0.995 WHERE symbol = 'BBB' AND timestamp = ${at('2024-09-11')}`,
  );
  await q(`UPDATE data_ingestion.market_data SET low = 0 WHERE symbol = 'CCC' AND timestamp = ${at('2024-09-12')}`);
  await q(`UPDATE data_ingestion.market_data SET volume = 0 WHERE symbol = 'DDD' AND timestamp = ${at('2024-09-13')}`);
  // NUMERIC accepts 'NaN'; every comparison with it is false, so only an explicit rule catches it.
  await q(
    `UPDATE data_ingestion.market_data SET close = 'NaN' WHERE symbol = 'MMM' AND timestamp = ${at('2024-09-18')}`,
  );
  // Labor Day: a weekday on which the exchange is closed.
  await q(`INSERT INTO data_ingestion.market_data (symbol, timestamp, open, high, low, close, volume, source)
           SELECT symbol, ${at('2024-09-02')}, open, high, low, close, volume, source
             FROM data_ingestion.market_data WHERE symbol = 'EEE' AND timestamp = ${at('2024-08-30')}`);
  // A second polygon bar of one session: UNIQUE(symbol, timestamp, source) lets it in an hour after ET midnight.
  await q(`INSERT INTO data_ingestion.market_data (symbol, timestamp, open, high, low, close, volume, source)
           SELECT symbol, timestamp + interval '1 hour', open, high, low, close, volume, source
             FROM data_ingestion.market_data WHERE symbol = 'FFF' AND timestamp = ${at('2024-09-17')}`);
  // Control: another source's bar of the same session is a second series, not a duplicate.
  await q(`INSERT INTO data_ingestion.market_data (symbol, timestamp, open, high, low, close, volume, source)
           SELECT symbol, timestamp, open, high, low, close, volume, 'alpaca'
             FROM data_ingestion.market_data WHERE symbol = 'LLL' AND timestamp = ${at('2024-09-17')}`);
  // Rewrite two sessions in one statement, the later one first.
  await q(`WITH moved AS (
             DELETE FROM data_ingestion.market_data WHERE symbol = 'GGG' AND timestamp IN (${at('2024-10-01')}, ${at('2024-10-02')})
             RETURNING symbol, timestamp, open, high, low, close, volume, source)
           INSERT INTO data_ingestion.market_data (symbol, timestamp, open, high, low, close, volume, source)
           SELECT symbol, timestamp, open, high, low, close, volume, source FROM moved ORDER BY timestamp DESC`);
  await q(`UPDATE data_ingestion.market_data SET open = open * 2.5, high = high * 2.5, low = low * 2.5, close = close * 2.5
            WHERE symbol = 'HHH' AND timestamp >= ${at('2024-10-15')}`);
  await q(`DELETE FROM data_ingestion.market_data WHERE symbol = 'III' AND timestamp > ${at('2024-11-19')}`);
  // Control: a 2-for-1 split halves the price; it must not be reported.
  await q(`UPDATE data_ingestion.market_data SET open = open / 2, high = high / 2, low = low / 2, close = close / 2
            WHERE symbol = 'JJJ' AND timestamp >= ${at('2024-10-15')}`);
  // Control: a delisted symbol stops trading; that is not stale data.
  await q(`DELETE FROM data_ingestion.market_data WHERE symbol = '${DELISTED}' AND timestamp > ${at('2024-08-30')}`);
}
