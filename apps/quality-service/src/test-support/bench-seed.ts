import type { IsoDate, TradingCalendar } from '@mdi/domain';
import type { DataSource } from 'typeorm';

/** Clean random walks on every session, generated inside PostgreSQL, then a handful of planted defects. */
export async function seedBenchBars(
  dataSource: DataSource,
  calendar: TradingCalendar,
  symbols: number,
  from: IsoDate,
  to: IsoDate,
): Promise<number> {
  await dataSource.query(`TRUNCATE data_ingestion.market_data, data_ingestion.symbols`);
  const sessions = calendar.sessionsBetween(from, to).map((s) => s.date);
  await dataSource.query(`SELECT setseed(0.42)`);
  await dataSource.query(
    `INSERT INTO data_ingestion.market_data (symbol, timestamp, open, high, low, close, volume, source)
     SELECT s, (d::timestamp AT TIME ZONE 'America/New_York'), o, GREATEST(o, c) * (1.001 + u1 * 0.01), LEAST(o, c) * (0.999 - u2 * 0.01), c, v, 'polygon'
       FROM (SELECT s, d, u1, u2, v, c, c * exp(0.004 * z) AS o
               FROM (SELECT s, d, random() AS u1, random() AS u2, 100000 + floor(random() * 5000000)::bigint AS v,
                            p0 * exp(sum(r) OVER (PARTITION BY s ORDER BY d)) AS c, z
                       FROM (SELECT 'S' || lpad(i::text, 5, '0') AS s, 20 + random() * 300 AS p0 FROM generate_series(1, $2) AS i) AS syms
                       CROSS JOIN unnest($1::date[]) AS d
                       CROSS JOIN LATERAL (SELECT 0.02 * sqrt(-2 * ln(greatest(random(), 1e-12))) * cos(2 * pi() * random()) AS r,
                                                  sqrt(-2 * ln(greatest(random(), 1e-12))) * cos(2 * pi() * random()) AS z
                                            WHERE d IS NOT NULL) AS noise
                      ORDER BY s, d) AS walk) AS bars`,
    [sessions, symbols],
  );
  await dataSource.query(
    `INSERT INTO data_ingestion.symbols (symbol, status) SELECT DISTINCT symbol, 'active' FROM data_ingestion.market_data`,
  );
  // Defects, so both variants have something to agree on: gaps, zero volumes, a price jump.
  await dataSource.query(`DELETE FROM data_ingestion.market_data WHERE id % 9973 = 5`);
  await dataSource.query(`UPDATE data_ingestion.market_data SET volume = 0 WHERE id % 7919 = 3`);
  await dataSource.query(
    `UPDATE data_ingestion.market_data SET open = open * 2.5, high = high * 2.5, low = low * 2.5, close = close * 2.5
      WHERE symbol = 'S00001' AND timestamp >= (DATE '${sessions[300]}'::timestamp AT TIME ZONE 'America/New_York')`,
  );
  await dataSource.query(`VACUUM ANALYZE data_ingestion.market_data`);
  return Number((await dataSource.query(`SELECT count(*) AS n FROM data_ingestion.market_data`))[0].n);
}
