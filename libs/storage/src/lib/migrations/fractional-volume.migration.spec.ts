import { DataSource } from 'typeorm';
import { createStorageTestDatabase } from '../../test-support/test-database';
import type { TemporaryDatabase } from '../admin/temporary-database';
import { createDataSourceOptions } from '../config/data-source-options';
import { FractionalVolume1764400000000 } from './1764400000000-fractional-volume';
import { STORAGE_MIGRATIONS } from './index';
import { runMigrations } from './run-migrations';

const BEFORE = STORAGE_MIGRATIONS.slice(0, STORAGE_MIGRATIONS.indexOf(FractionalVolume1764400000000));
/** The migrations after this one, which a run applies with it and which must be undone before it. */
const LATER = STORAGE_MIGRATIONS.slice(STORAGE_MIGRATIONS.indexOf(FractionalVolume1764400000000) + 1).map(
  (m) => new m().name,
);
const INSERT = `INSERT INTO data_ingestion.market_data (symbol, timestamp, open, high, low, close, volume, source)
  SELECT 'OLD', ('2024-07-01'::date + i::int)::timestamp AT TIME ZONE 'America/New_York', 10, 11, 9, 10, v::bigint, 'polygon'
    FROM unnest($1::text[]) WITH ORDINALITY AS t(v, i)`;

/** Runs `migrations` on the database with TypeORM's own runner, as runMigrations does with all of them. */
async function withMigrations<T>(
  url: string,
  migrations: typeof STORAGE_MIGRATIONS,
  use: (dataSource: DataSource) => Promise<T>,
): Promise<T> {
  const dataSource = new DataSource({ ...createDataSourceOptions(url, { poolSize: 1 }), migrations });
  await dataSource.initialize();
  try {
    return await use(dataSource);
  } finally {
    await dataSource.destroy();
  }
}

describe('FractionalVolume1764400000000 (market_data.volume BIGINT -> NUMERIC(25,6))', () => {
  let db: TemporaryDatabase;
  const volumes = async () =>
    (
      await db.dataSource.query(
        `SELECT volume::text AS v FROM data_ingestion.market_data WHERE symbol = 'OLD' ORDER BY timestamp`,
      )
    ).map((r: { v: string }) => r.v);
  const columnType = async () =>
    (
      await db.dataSource.query(
        `SELECT format_type(atttypid, atttypmod) AS t FROM pg_attribute WHERE attrelid = 'data_ingestion.market_data'::regclass AND attname = 'volume'`,
      )
    )[0].t;

  beforeAll(async () => {
    db = await createStorageTestDatabase();
    await db.dataSource.query('DROP SCHEMA data_ingestion CASCADE');
    await db.dataSource.query('CREATE SCHEMA data_ingestion');
    await withMigrations(db.url, BEFORE, (dataSource) => dataSource.runMigrations({ transaction: 'each' }));
  }, 60_000);
  afterAll(() => db?.drop());

  it('keeps every existing integer volume, up to the largest BIGINT, with its value', async () => {
    expect(await columnType()).toBe('bigint');
    const stored = ['0', '1', '60402929', '9223372036854775807'];
    await db.dataSource.query(INSERT, [stored]);

    expect(await runMigrations(db.url)).toEqual({ applied: ['FractionalVolume1764400000000', ...LATER] });

    expect(await columnType()).toBe('numeric(25,6)');
    expect(await volumes()).toEqual(stored.map((v) => `${v}.000000`));
    const exact = await db.dataSource.query(
      `SELECT trim_scale(volume)::text AS v FROM data_ingestion.market_data WHERE symbol = 'OLD' ORDER BY timestamp`,
    );
    expect(exact.map((r: { v: string }) => r.v)).toEqual(stored);
  });

  it('then stores fractions; reverting refuses while one is stored (BIGINT would round it)', async () => {
    await db.dataSource.query(
      `UPDATE data_ingestion.market_data SET volume = 25933.6 WHERE symbol = 'OLD' AND volume = 1`,
    );
    expect(await volumes()).toContain('25933.600000');

    await withMigrations(db.url, STORAGE_MIGRATIONS, async (dataSource) => {
      // Migrations undo newest first: the later ones go before this one can be undone.
      for (let i = 0; i < LATER.length; i++) await dataSource.undoLastMigration({ transaction: 'each' });
      await expect(dataSource.undoLastMigration({ transaction: 'each' })).rejects.toThrow(
        /market_data holds fractional volumes \(e\.g\. OLD\); BIGINT would round them/,
      );
      expect(await columnType()).toBe('numeric(25,6)');

      await db.dataSource.query(
        `UPDATE data_ingestion.market_data SET volume = 1 WHERE symbol = 'OLD' AND volume = 25933.6`,
      );
      await dataSource.undoLastMigration({ transaction: 'each' });
    });
    expect(await columnType()).toBe('bigint');
    expect(await volumes()).toEqual(['0', '1', '60402929', '9223372036854775807']);

    expect(await runMigrations(db.url)).toEqual({ applied: ['FractionalVolume1764400000000', ...LATER] });
    expect(await columnType()).toBe('numeric(25,6)');
  });
});
