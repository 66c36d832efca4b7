import { UsEquityCalendar } from '@mdi/domain';
import { createDataSourceOptions } from '@mdi/storage';
import { createTestDatabase, type TestDatabase } from '@mdi/testing';
import { DataSource } from 'typeorm';
import { analyzeStoredBars } from '../analysis/quality-analyzer';
import { zeroVolumeCheck } from '../checks/zero-volume.check';
import { loadBarFrame, withBarSnapshot } from './bar-frame.loader';
import { dayNumberOf, isoDateOfDay } from './bar-frame';

/*
 * The loader derives the session date from a transaction-local TimeZone, not
 * from AT TIME ZONE: these rows pin the New York date on both sides of DST
 * and just before midnight, and prove the pooled connections keep their zone.
 */
describe('loadBarFrame session dates', () => {
  let db: TestDatabase;

  beforeAll(async () => {
    db = await createTestDatabase();
    await db.dataSource.query(`
      INSERT INTO data_ingestion.market_data (symbol, timestamp, open, high, low, close, volume, source) VALUES
        ('EST', '2024-03-08T05:00:00Z', 10.5, 11.25, 10.125, 11.000001, 0.000001, 'polygon'),
        ('EDT', '2024-07-01T04:00:00Z', 20, 21, 19, 20.5, 25933.6, 'polygon'),
        ('LATE', '2024-07-02T03:59:59Z', 30, 31, 29, 30.5, 0, 'polygon'),
        ('UTC', '2024-07-02T00:30:00Z', 40, 41, 39, 40.5, 1234567.891, 'polygon')`);
  }, 60_000);

  afterAll(async () => {
    await db?.drop();
  });

  it('gives each bar its New York date in winter, in summer and before ET midnight', async () => {
    for (const streams of [1, 2]) {
      const bars = (await loadBarFrame(db.dataSource, { streams })).sort('symbol');
      const rows = bars.select('symbol', 'day').toRecords() as { symbol: string; day: number }[];
      expect(rows.map((r) => [r.symbol, isoDateOfDay(r.day)])).toEqual([
        ['EDT', '2024-07-01'],
        ['EST', '2024-03-08'],
        ['LATE', '2024-07-01'],
        ['UTC', '2024-07-01'],
      ]);
      expect(bars.getColumn('close').toArray()).toEqual([20.5, 11.000001, 30.5, 40.5]);
      // NUMERIC(25,6) text ("25933.600000") parses as Float64 with its fraction.
      expect(bars.getColumn('volume').toArray()).toEqual([25933.6, 0.000001, 0, 1234567.891]);
    }
  });

  it("carries each bar's source only when the scope asks for it", async () => {
    await db.dataSource.query(`
      INSERT INTO data_ingestion.market_data (symbol, timestamp, open, high, low, close, volume, source)
      VALUES ('SRC', '2024-07-01T04:00:00Z', 20, 21, 19, 20.5, 100, 'alpaca')`);
    try {
      const scope = { symbols: ['EDT', 'SRC'], streams: 1 };
      const plain = await loadBarFrame(db.dataSource, scope);
      expect(plain.columns).not.toContain('source');
      const withSource = (await loadBarFrame(db.dataSource, { ...scope, withSource: true })).sort('symbol');
      expect(withSource.select('symbol', 'source', 'close').toRecords()).toEqual([
        { symbol: 'EDT', source: 'polygon', close: 20.5 },
        { symbol: 'SRC', source: 'alpaca', close: 20.5 },
      ]);
    } finally {
      await db.dataSource.query(`DELETE FROM data_ingestion.market_data WHERE symbol = 'SRC'`);
    }
  });

  it('flags only an exact 0 as zero volume, not a fraction of a share', async () => {
    const { findings } = await analyzeStoredBars(db.dataSource, {
      calendar: new UsEquityCalendar(),
      now: new Date('2024-07-03T00:00:00Z'),
      activeSymbols: [],
      anomalyDetection: true,
      checks: [zeroVolumeCheck],
    });
    expect(findings.map((f) => [f.code, f.symbol, f.date])).toEqual([['zero_volume', 'LATE', '2024-07-01']]);
  });

  it('filters by New York dates', async () => {
    const bars = await loadBarFrame(db.dataSource, { from: '2024-07-01', to: '2024-07-01' });
    expect(bars.getColumn('day').toArray()).toEqual([
      dayNumberOf('2024-07-01'),
      dayNumberOf('2024-07-01'),
      dayNumberOf('2024-07-01'),
    ]);
  });

  it('leaves the pooled connections in their own time zone and planner settings', async () => {
    const settings = async () =>
      (
        (await db.dataSource.query(
          `SELECT current_setting('TimeZone') AS zone, current_setting('enable_seqscan') AS seqscan,
                  current_setting('max_parallel_workers_per_gather') AS workers`,
        )) as { zone: string; seqscan: string; workers: string }[]
      )[0];
    const before = await settings();
    expect(before.zone).not.toBe('America/New_York');
    expect(before.seqscan).toBe('on');
    await loadBarFrame(db.dataSource, { streams: 2 });
    await loadBarFrame(db.dataSource, { streams: 2, symbols: ['EDT', 'EST'] });
    for (let i = 0; i < 4; i += 1) expect(await settings()).toEqual(before);
  });

  it('rejects a stream count out of range', async () => {
    await expect(loadBarFrame(db.dataSource, { streams: 0 })).rejects.toThrow(/streams must be 1 to 8/);
    await expect(loadBarFrame(db.dataSource, { streams: 9 })).rejects.toThrow(/streams must be 1 to 8/);
  });

  it('reads bars and batches from one snapshot: writes committed meanwhile are not seen', async () => {
    const writer = (sql: string) => db.dataSource.query(sql);
    const xminOf = async (symbol: string) =>
      Number((await writer(`SELECT xmin::text AS x FROM data_ingestion.market_data WHERE symbol = '${symbol}'`))[0].x);
    const before = await xminOf('EDT');
    try {
      const seen = await withBarSnapshot(db.dataSource, { streams: 2 }, async (source) => {
        await writer(`UPDATE data_ingestion.market_data SET volume = volume + 1 WHERE symbol = 'EDT'`);
        await writer(`INSERT INTO data_ingestion.market_data (symbol, timestamp, open, high, low, close, volume, source)
                      VALUES ('NEW', '2024-07-03T04:00:00Z', 1, 1, 1, 1, 1, 'polygon')`);
        const batches = await source.batchesOf(['EDT', 'NEW']);
        return {
          symbols: source.bars.getColumn('symbol').sort().toArray(),
          batches: batches.getColumn('batch').toArray(),
        };
      });
      expect(await xminOf('EDT')).not.toBe(before);
      expect(seen.symbols).toEqual(['EDT', 'EST', 'LATE', 'UTC']);
      expect(seen.batches).toEqual([before]);
    } finally {
      await writer(`DELETE FROM data_ingestion.market_data WHERE symbol = 'NEW'`);
      await writer(`UPDATE data_ingestion.market_data SET volume = volume - 1 WHERE symbol = 'EDT'`);
    }
  });

  it('splits a symbol list across the streams: every listed bar once, no other', async () => {
    const listed = ['UTC', 'EST', 'LATE'];
    for (const streams of [1, 2, 3, 8]) {
      const bars = await loadBarFrame(db.dataSource, { symbols: listed, streams });
      expect((bars.getColumn('symbol').toArray() as string[]).sort()).toEqual(['EST', 'LATE', 'UTC']);
    }
    expect((await loadBarFrame(db.dataSource, { symbols: [], streams: 2 })).height).toBe(0);
  });

  it('gives no batches for no symbols, and refuses a malformed one', async () => {
    await withBarSnapshot(db.dataSource, {}, async (source) => {
      expect((await source.batchesOf([])).height).toBe(0);
      await expect(source.batchesOf(["EDT' OR true --"])).rejects.toThrow(/not a symbol/);
    });
  });

  it('loads with a pool of one connection (streams never outnumber connections: the first waits for the others)', async () => {
    const single = new DataSource(createDataSourceOptions(db.url, { poolSize: 1 }));
    await single.initialize();
    try {
      expect((await loadBarFrame(single, { streams: 4 })).height).toBe(4);
    } finally {
      await single.destroy();
    }
  }, 20_000);

  it('runs concurrent multi-stream loads on a pool of two in turn instead of deadlocking', async () => {
    const pair = new DataSource(createDataSourceOptions(db.url, { poolSize: 2 }));
    await pair.initialize();
    try {
      // Unturned, each load's first stream would hold one of the two connections and wait for the other.
      const heights = await Promise.all(
        [1, 2, 3].map(() => loadBarFrame(pair, { streams: 2 }).then((bars) => bars.height)),
      );
      expect(heights).toEqual([4, 4, 4]);
      // A failed load does not stop the next one.
      const failed = loadBarFrame(pair, { streams: 2, symbols: ['bad symbol'] });
      const next = loadBarFrame(pair, { streams: 2 });
      await expect(failed).rejects.toThrow(/not a symbol/);
      expect((await next).height).toBe(4);
    } finally {
      await pair.destroy();
    }
  }, 20_000);
});
