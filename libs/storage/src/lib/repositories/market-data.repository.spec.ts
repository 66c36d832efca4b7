import { etMidnight, validateBar, type MarketDataBar } from '@mdi/domain';
import { DataSource } from 'typeorm';
import { bar } from '../../test-support/bars';
import { useStorageTestDatabase } from '../../test-support/test-database';
import { createDataSourceOptions } from '../config/data-source-options';
import { MarketDataRepository } from './market-data.repository';

const DATES = ['2024-07-01', '2024-07-02', '2024-07-03', '2024-07-05', '2024-07-08'];

describe('MarketDataRepository', () => {
  const db = useStorageTestDatabase();
  let repo: MarketDataRepository;
  const count = async (where = 'true'): Promise<number> =>
    Number((await db.dataSource.query(`SELECT count(*) AS n FROM data_ingestion.market_data WHERE ${where}`))[0].n);

  beforeAll(() => {
    repo = new MarketDataRepository(db.dataSource);
  });
  beforeEach(() => db.dataSource.query('TRUNCATE data_ingestion.market_data'));

  it('answers the newest stored session of each symbol, per source, null for a symbol without bars', async () => {
    await repo.upsertBars([
      bar('NEWA', '2024-03-01'),
      bar('NEWA', '2024-03-04'),
      bar('NEWB', '2024-02-29'),
      bar('NEWB', '2024-03-05', { source: 'alpaca' }),
    ]);
    const newest = await repo.newestSessions(['NEWA', 'NEWB', 'NONE'], 'polygon');
    expect(Object.fromEntries(newest)).toEqual({ NEWA: '2024-03-04', NEWB: '2024-02-29', NONE: null });
    expect((await repo.newestSessions([], 'polygon')).size).toBe(0);
  });

  it('says which sources hold a bar of a symbol in a time range, in the order asked', async () => {
    await repo.upsertBars([
      bar('TWO', '2024-03-01'),
      bar('TWO', '2024-03-04', { source: 'alpaca' }),
      bar('OTHER', '2024-03-01', { source: 'alpaca' }),
    ]);
    const range = (from: string, to: string) => [etMidnight(from), etMidnight(to)] as const;
    expect(await repo.sourcesWithBars('TWO', ...range('2024-03-01', '2024-03-04'), ['alpaca', 'polygon'])).toEqual([
      'alpaca',
      'polygon',
    ]);
    expect(await repo.sourcesWithBars('TWO', ...range('2024-03-01', '2024-03-01'), ['polygon', 'alpaca'])).toEqual([
      'polygon',
    ]);
    expect(await repo.sourcesWithBars('TWO', ...range('2024-03-05', '2024-03-08'), ['polygon', 'alpaca'])).toEqual([]);
    expect(await repo.sourcesWithBars('TWO', ...range('2024-03-01', '2024-03-04'), [])).toEqual([]);
  });

  it('stores bars once: the same batch twice leaves one row each and reports nothing new', async () => {
    const bars = ['AAPL', 'MSFT'].flatMap((s) => DATES.map((d) => bar(s, d)));
    expect(await repo.upsertBars(bars)).toEqual({
      inserted: 10,
      updated: 0,
      unchanged: 0,
      duplicates: 0,
      rejected: [],
    });
    expect(await repo.upsertBars(bars)).toEqual({
      inserted: 0,
      updated: 0,
      unchanged: 10,
      duplicates: 0,
      rejected: [],
    });
    expect(await count()).toBe(10);
    const perKey = await db.dataSource.query(
      `SELECT count(*)::int AS n FROM data_ingestion.market_data GROUP BY symbol, timestamp, source HAVING count(*) > 1`,
    );
    expect(perKey).toEqual([]);
  });

  it('updates a changed bar and reads it back', async () => {
    await repo.upsertBars([bar('AAPL', '2024-07-01'), bar('AAPL', '2024-07-02')]);
    const changed = bar('AAPL', '2024-07-02', { close: '101.1', volume: '2000000.5' });
    expect(await repo.upsertBars([bar('AAPL', '2024-07-01'), changed])).toMatchObject({
      inserted: 0,
      updated: 1,
      unchanged: 1,
    });
    const rows = await db.dataSource.query(
      `SELECT close::text AS close, volume::text AS volume FROM data_ingestion.market_data
        WHERE symbol = 'AAPL' AND timestamp = $1`,
      [etMidnight('2024-07-02').toISOString()],
    );
    expect(rows).toEqual([{ close: '101.100000', volume: '2000000.500000' }]);
  });

  it('round-trips exact decimals, including BRK.A-scale prices', async () => {
    const brk = bar('BRK.A', '2024-07-01', {
      open: '623456.123456',
      high: '630000.5',
      low: '620000',
      close: '625000.000001',
    });
    await repo.upsertBars([
      bar('AAPL', '2024-07-01', { open: '123.456789', high: '124', low: '0.000001', close: '123.4' }),
      brk,
    ]);
    const [aapl] = await repo.findBars('AAPL', etMidnight('2024-07-01'), etMidnight('2024-07-01'), 'polygon');
    expect(aapl).toEqual({
      ...bar('AAPL', '2024-07-01'),
      open: '123.456789',
      high: '124',
      low: '0.000001',
      close: '123.4',
    });
    expect(await repo.findBars('BRK.A', etMidnight('2024-06-01'), etMidnight('2024-08-01'), 'polygon')).toEqual([brk]);
    const raw = await db.dataSource.query(
      `SELECT open::text AS open FROM data_ingestion.market_data WHERE symbol = 'AAPL'`,
    );
    expect(raw).toEqual([{ open: '123.456789' }]);
  });

  it('stores fractional volumes exactly, reads them back as stored, and treats 25933.6 and 25933.600000 as one value', async () => {
    const volumes = ['25933.6', '1234567.891', '0.000001', '0', '9999999999999999999.999999', '9223372036854775807'];
    const bars = volumes.map((volume, i) =>
      bar('FRAC', DATES[i % DATES.length] as string, { volume, source: i < DATES.length ? 'polygon' : 'alpaca' }),
    );
    expect(await repo.upsertBars(bars)).toMatchObject({ inserted: volumes.length, rejected: [] });
    const raw = await db.dataSource.query(
      `SELECT volume::text AS volume FROM data_ingestion.market_data WHERE symbol = 'FRAC' ORDER BY timestamp, source`,
    );
    expect(raw.map((r: { volume: string }) => r.volume)).toEqual([
      '9223372036854775807.000000',
      '25933.600000',
      '1234567.891000',
      '0.000001',
      '0.000000',
      '9999999999999999999.999999',
    ]);
    const read = [
      ...(await repo.findBars('FRAC', etMidnight(DATES[0] as string), etMidnight('2024-07-31'), 'polygon')),
      ...(await repo.findBars('FRAC', etMidnight(DATES[0] as string), etMidnight('2024-07-31'), 'alpaca')),
    ];
    expect(read.map((b) => b.volume)).toEqual(volumes);
    // Another spelling of the same number is no change: no tuple is written.
    const respelled = bars.map((b, i) => (i === 0 ? { ...b, volume: '25933.600000' } : b));
    expect(await repo.upsertBars(respelled)).toMatchObject({ inserted: 0, updated: 0, unchanged: volumes.length });
  });

  it('refuses a volume the column would round, and stores nothing for it', async () => {
    const result = await repo.upsertBars([
      bar('FRAC', '2024-07-01', { volume: 25933.1234567 }),
      bar('FRAC', '2024-07-02', { volume: '10000000000000000000' }),
    ]);
    expect(result.rejected).toEqual([
      {
        index: 0,
        symbol: 'FRAC',
        reasons: ['volume 25933.1234567 has 7 decimal places; at most 6 are stored (NUMERIC(25,6))'],
      },
      {
        index: 1,
        symbol: 'FRAC',
        reasons: ['volume 10000000000000000000 has 20 integer digits; at most 19 fit NUMERIC(25,6)'],
      },
    ]);
    expect(await count()).toBe(0);
  });

  it('stores the valid bars of a batch and reports each invalid one with its reasons', async () => {
    const input = [
      bar('AAPL', '2024-07-01'),
      bar('AAPL', '2024-07-02', { close: Number.NaN }),
      bar('AAPL', '2024-07-03', { high: '98', low: '99' }),
      bar('msft', '2024-07-01'),
      bar('MSFT', '2024-07-02', { volume: -5 }),
      bar('MSFT', '2024-07-03', { open: '1.1234567' }),
      bar('MSFT', '2024-07-05', { timestamp: new Date('2024-07-05T16:00:00Z') }),
      bar('TOOLONGSYMBOL', '2024-07-01'),
      bar('MSFT', '2024-07-08', { source: 'yahoo' }),
      bar('MSFT', '2024-07-08'),
    ] as MarketDataBar[];
    const result = await repo.upsertBars(input);
    expect(result).toMatchObject({ inserted: 2, updated: 0, unchanged: 0, duplicates: 0 });
    expect(result.rejected.map((r) => [r.index, r.symbol])).toEqual([
      [1, 'AAPL'],
      [2, 'AAPL'],
      [3, 'msft'],
      [4, 'MSFT'],
      [5, 'MSFT'],
      [6, 'MSFT'],
      [7, 'TOOLONGSYMBOL'],
      [8, 'MSFT'],
    ]);
    const reasons = result.rejected.map((r) => r.reasons.join(' | '));
    expect(reasons[0]).toMatch(/close.*finite/);
    expect(reasons[1]).toMatch(/high 98 is below low 99|low 99 is above high 98/);
    expect(reasons[2]).toMatch(/upper case/);
    expect(reasons[3]).toMatch(/volume/);
    expect(reasons[4]).toMatch(/7 decimal places/);
    expect(reasons[5]).toMatch(/00:00 America\/New_York/);
    expect(reasons[6]).toMatch(/longer than 10/);
    expect(reasons[7]).toMatch(/source/);
    for (const rejection of result.rejected) expect(rejection.reasons.length).toBeGreaterThan(0);
    expect(
      await db.dataSource.query(`SELECT symbol, timestamp FROM data_ingestion.market_data ORDER BY symbol`),
    ).toEqual([
      { symbol: 'AAPL', timestamp: etMidnight('2024-07-01') },
      { symbol: 'MSFT', timestamp: etMidnight('2024-07-08') },
    ]);
  });

  it('keeps the last copy of a key repeated within one batch, and counts the others', async () => {
    const result = await repo.upsertBars([
      bar('AAPL', '2024-07-01', { close: '100.1' }),
      bar('AAPL', '2024-07-02'),
      bar('AAPL', '2024-07-01', { close: '100.2' }),
      bar('AAPL', '2024-07-01', { close: '100.3' }),
    ]);
    expect(result).toEqual({ inserted: 2, updated: 0, unchanged: 0, duplicates: 2, rejected: [] });
    const [first] = await repo.findBars('AAPL', etMidnight('2024-07-01'), etMidnight('2024-07-01'), 'polygon');
    expect(first?.close).toBe('100.3');
    expect(await count()).toBe(2);
  });

  it('writes across several chunks and counts them all', async () => {
    const bars = ['AAPL', 'MSFT', 'NVDA'].flatMap((s) => DATES.map((d) => bar(s, d)));
    expect(await repo.upsertBars(bars, { chunkSize: 4 })).toMatchObject({ inserted: 15 });
    const again = bars.map((b, i) => (i % 5 === 0 ? { ...b, volume: '7' } : b));
    expect(await repo.upsertBars(again, { chunkSize: 4 })).toMatchObject({ inserted: 0, updated: 3, unchanged: 12 });
    expect(await count('volume = 7')).toBe(3);
  });

  it('reports the time of each phase, and refuses a chunk size that is not a positive integer', async () => {
    let timings = { validateMs: -1, writeMs: -1 };
    await repo.upsertBars([bar('AAPL', '2024-07-01')], { onTimings: (t) => (timings = t) });
    expect(timings.validateMs).toBeGreaterThanOrEqual(0);
    expect(timings.writeMs).toBeGreaterThan(0);
    for (const chunkSize of [0, -1, 1.5, Number.NaN]) {
      await expect(repo.upsertBars([bar('AAPL', '2024-07-02')], { chunkSize })).rejects.toThrow(
        /chunkSize must be a positive integer/,
      );
    }
    expect(await count()).toBe(1);
  });

  it('still validates a validated bar that was changed since, and a copy of one', async () => {
    const validated = (b: MarketDataBar): MarketDataBar => {
      const result = validateBar(b);
      if (!result.ok) throw new Error(result.reasons.join('; '));
      return result.value;
    };
    const kept = validated(bar('AAPL', '2024-07-01'));
    const moved = validated(bar('AAPL', '2024-07-02'));
    moved.timestamp.setTime(Date.parse('2024-07-02T16:00:00Z'));
    const copy = { ...validated(bar('AAPL', '2024-07-03')), volume: '-1' };
    const result = await repo.upsertBars([kept, moved, copy]);
    expect(result).toMatchObject({ inserted: 1, updated: 0, unchanged: 0, duplicates: 0 });
    expect(result.rejected.map((r) => [r.index, r.reasons.join(' | ')])).toEqual([
      [1, expect.stringMatching(/timestamp 2024-07-02T16:00:00.000Z is not 00:00 America\/New_York/)],
      [2, 'volume must be 0 or more, got -1'],
    ]);
    expect(await count()).toBe(1);
  });

  it('COPYs keys outside the stored range of their symbol and source, and upserts the others', async () => {
    await repo.upsertBars([bar('AAPL', '2024-07-02'), bar('AAPL', '2024-07-05')]);
    let copied = -1;
    const result = await repo.upsertBars(
      [
        bar('AAPL', '2024-07-01'), // before the stored range: COPY
        bar('AAPL', '2024-07-02'), // stored, identical
        bar('AAPL', '2024-07-03'), // a gap inside the range: upsert inserts it
        bar('AAPL', '2024-07-05', { close: '100.9' }), // stored, changed
        bar('AAPL', '2024-07-08'), // after the range: COPY
        bar('AAPL', '2024-07-03', { source: 'alpaca' }), // nothing stored for (AAPL, alpaca): COPY
        bar('MSFT', '2024-07-03'), // nothing stored for MSFT: COPY
      ],
      { onTimings: (t) => (copied = t.copiedRows) },
    );
    expect(result).toEqual({ inserted: 5, updated: 1, unchanged: 1, duplicates: 0, rejected: [] });
    expect(copied).toBe(4);
    expect(await count()).toBe(7);
    const [changed] = await repo.findBars('AAPL', etMidnight('2024-07-05'), etMidnight('2024-07-05'), 'polygon');
    expect(changed?.close).toBe('100.9');
  });

  it('upserts a chunk instead when a concurrent writer stores one of its keys during the COPY', async () => {
    const other = db.dataSource.createQueryRunner();
    await other.connect();
    try {
      await other.startTransaction();
      await other.query(
        `INSERT INTO data_ingestion.market_data (symbol, timestamp, open, high, low, close, volume, source)
         VALUES ('AAPL', $1, 100.5, 101.25, 99.125, 100.2, 5, 'polygon')`,
        [etMidnight('2024-07-01').toISOString()],
      );
      let copied = -1;
      // The stored-range query cannot see the uncommitted row, so the COPY
      // runs and waits on that key's lock until the other writer commits.
      const pending = repo.upsertBars([bar('AAPL', '2024-07-01'), bar('AAPL', '2024-07-02')], {
        onTimings: (t) => (copied = t.copiedRows),
      });
      const waitingCopies = async () =>
        Number(
          (
            await db.dataSource.query(
              `SELECT count(*) AS n FROM pg_stat_activity
            WHERE datname = current_database() AND wait_event_type = 'Lock' AND query LIKE 'COPY data_ingestion.market_data%'`,
            )
          )[0].n,
        );
      for (let tries = 0; (await waitingCopies()) === 0; tries += 1) {
        if (tries > 200) throw new Error('the COPY never waited on the concurrent insert');
        await new Promise((resolve) => setTimeout(resolve, 25));
      }
      await other.commitTransaction();
      expect(await pending).toEqual({ inserted: 1, updated: 1, unchanged: 0, duplicates: 0, rejected: [] });
      expect(copied).toBe(0);
      expect(
        (await repo.findBars('AAPL', etMidnight('2024-07-01'), etMidnight('2024-07-02'), 'polygon')).map((b) => [
          b.close,
          b.volume,
        ]),
      ).toEqual([
        ['100.75', '1000000'],
        ['100.75', '1000000'],
      ]);
    } finally {
      if (other.isTransactionActive) await other.rollbackTransaction();
      await other.release();
    }
  });

  it('accepts an empty batch', async () => {
    expect(await repo.upsertBars([])).toEqual({ inserted: 0, updated: 0, unchanged: 0, duplicates: 0, rejected: [] });
  });

  it('finds bars of one symbol and source in a time range, oldest first', async () => {
    await repo.upsertBars([
      ...DATES.map((d) => bar('AAPL', d)),
      bar('AAPL', '2024-07-02', { source: 'alpaca' }),
      bar('MSFT', '2024-07-02'),
    ]);
    const found = await repo.findBars('AAPL', etMidnight('2024-07-02'), etMidnight('2024-07-05'), 'polygon');
    expect(found.map((b) => b.timestamp)).toEqual(['2024-07-02', '2024-07-03', '2024-07-05'].map(etMidnight));
    const alpaca = await repo.findBars('AAPL', etMidnight('2024-07-02'), etMidnight('2024-07-05'), 'alpaca');
    expect(alpaca.map((b) => [b.timestamp, b.source])).toEqual([[etMidnight('2024-07-02'), 'alpaca']]);
  });

  it('writes no tuple when identical rows are upserted again (xmin and pg_stat_user_tables)', async () => {
    // One connection, so pg_stat_force_next_flush() flushes the upsert's own counters.
    const single = new DataSource(createDataSourceOptions(db.url, { poolSize: 1 }));
    await single.initialize();
    try {
      const singleRepo = new MarketDataRepository(single);
      const bars = ['AAPL', 'MSFT'].flatMap((s) => DATES.map((d) => bar(s, d)));
      await singleRepo.upsertBars(bars);
      const tuples = async () => {
        await single.query('SELECT pg_stat_force_next_flush()');
        const [row] = await single.query(
          `SELECT n_tup_ins + n_tup_upd + n_tup_del AS n FROM pg_stat_user_tables
            WHERE schemaname = 'data_ingestion' AND relname = 'market_data'`,
        );
        return Number(row.n);
      };
      const versions = () =>
        single.query(`SELECT id, xmin::text AS xmin, ctid::text AS ctid FROM data_ingestion.market_data ORDER BY id`);
      const before = await tuples();
      const rowsBefore = await versions();

      expect(await singleRepo.upsertBars(bars)).toMatchObject({ inserted: 0, updated: 0, unchanged: 10 });

      expect(await versions()).toEqual(rowsBefore);
      expect(await tuples()).toBe(before);

      // The probe can see a write: one changed bar moves both measures.
      await singleRepo.upsertBars([{ ...bars[0], volume: '1' } as MarketDataBar]);
      expect(await tuples()).toBe(before + 1);
      expect(await versions()).not.toEqual(rowsBefore);
    } finally {
      await single.destroy();
    }
  });
});
