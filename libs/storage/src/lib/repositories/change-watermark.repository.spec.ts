import { etMidnight } from '@mdi/domain';
import { DataSource } from 'typeorm';
import { bar } from '../../test-support/bars';
import { useStorageTestDatabase } from '../../test-support/test-database';
import { createDataSourceOptions } from '../config/data-source-options';
import { ChangeWatermarkRepository } from './change-watermark.repository';
import { CorporateActionRepository } from './corporate-action.repository';
import { MarketDataRepository } from './market-data.repository';
import { QualityBaselineRepository } from './quality-baseline.repository';

jest.setTimeout(90_000);

describe('ChangeWatermarkRepository (watermarks kept by the writers)', () => {
  const db = useStorageTestDatabase();
  let bars: MarketDataRepository;
  let changes: ChangeWatermarkRepository;

  beforeAll(() => {
    bars = new MarketDataRepository(db.dataSource);
    changes = new ChangeWatermarkRepository(db.dataSource);
  });

  /**
   * A mark taken once every earlier write of this spec is older than it. A mark is PostgreSQL's snapshot xmin,
   * which is cluster-wide: while a transaction of any database is in flight (other specs share the server), a
   * plain currentSeq() lags and re-reports earlier changes. The repository allows that (a change may be reported
   * twice, never missed); the exact sets asserted here need a mark past this spec's own writes.
   */
  const settledMark = async (): Promise<string> => {
    const newest = await changes.newestSeq();
    const deadline = Date.now() + 60_000;
    for (;;) {
      const mark = await changes.currentSeq();
      if (newest === null || BigInt(mark) > BigInt(newest)) return mark;
      if (Date.now() > deadline)
        throw new Error(`no change mark past ${newest} within 60 s (a transaction stays open on the server)`);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  };

  /** The pairs changed since `mark`, as "SYMBOL/source" strings. */
  const changedSince = async (mark: string): Promise<string[]> =>
    (await changes.changedSince(mark)).symbols.map((s) => `${s.symbol}/${s.source}`);

  it('reports the symbols whose bars were inserted, by COPY and by upsert, per source', async () => {
    const mark = await settledMark();
    await bars.upsertBars([bar('INSA', '2024-07-01'), bar('INSA', '2024-07-02')]); // COPY path
    await bars.upsertBars([bar('INSA', '2024-07-01', { source: 'alpaca' })]);
    expect(await changedSince(mark)).toEqual(['INSA/alpaca', 'INSA/polygon']);
  });

  it('an identical re-upsert writes nothing and bumps nothing; a changed bar bumps its symbol and source only', async () => {
    await bars.upsertBars([bar('UPDA', '2024-07-01'), bar('UPDA', '2024-07-02'), bar('UPDB', '2024-07-01')]);
    await bars.upsertBars([bar('UPDA', '2024-07-01', { source: 'alpaca' })]);
    const mark = await settledMark();
    const before = await db.dataSource.query(`SELECT * FROM data_ingestion.market_data_changes ORDER BY 1, 2`);

    expect(await bars.upsertBars([bar('UPDA', '2024-07-01'), bar('UPDB', '2024-07-01')])).toMatchObject({
      unchanged: 2,
    });
    expect(await changedSince(mark)).toEqual([]);
    expect(await db.dataSource.query(`SELECT * FROM data_ingestion.market_data_changes ORDER BY 1, 2`)).toEqual(before);

    expect(await bars.upsertBars([bar('UPDA', '2024-07-02', { close: '100.8' })])).toMatchObject({ updated: 1 });
    expect(await changedSince(mark)).toEqual(['UPDA/polygon']);
  });

  it('reports corrections and deletions made outside the repository, in SQL', async () => {
    await bars.upsertBars([bar('DELA', '2024-07-01'), bar('DELB', '2024-07-01'), bar('DELC', '2024-07-01')]);
    const mark = await settledMark();
    await db.dataSource.query(`DELETE FROM data_ingestion.market_data WHERE symbol = 'DELA'`);
    await db.dataSource.query(`UPDATE data_ingestion.market_data SET volume = 0 WHERE symbol = 'DELB'`);
    await db.dataSource.query(`UPDATE data_ingestion.market_data SET symbol = 'DELD' WHERE symbol = 'DELC'`);
    expect(await changedSince(mark)).toEqual(['DELA/polygon', 'DELB/polygon', 'DELC/polygon', 'DELD/polygon']);
  });

  it('a statement that matches no row bumps nothing', async () => {
    const mark = await settledMark();
    await db.dataSource.query(`DELETE FROM data_ingestion.market_data WHERE symbol = 'NONE'`);
    await db.dataSource.query(`UPDATE data_ingestion.market_data SET volume = volume WHERE false`);
    expect(await changedSince(mark)).toEqual([]);
  });

  it('a rolled-back write leaves no watermark', async () => {
    const mark = await settledMark();
    const runner = db.dataSource.createQueryRunner();
    await runner.startTransaction();
    await runner.query(
      `INSERT INTO data_ingestion.market_data (symbol, timestamp, open, high, low, close, volume, source)
       VALUES ('ROLL', $1, 1, 1, 1, 1, 1, 'polygon')`,
      [etMidnight('2024-07-01').toISOString()],
    );
    await runner.rollbackTransaction();
    await runner.release();
    expect(await changedSince(mark)).toEqual([]);
  });

  it('never misses a write committed after the mark was read, even one that began before it', async () => {
    const other = new DataSource(createDataSourceOptions(db.url, { poolSize: 1 }));
    await other.initialize();
    const slow = other.createQueryRunner();
    try {
      const first = await settledMark();
      await slow.startTransaction();
      await slow.query(
        `INSERT INTO data_ingestion.market_data (symbol, timestamp, open, high, low, close, volume, source)
         VALUES ('SLOW', $1, 1, 1, 1, 1, 1, 'polygon')`,
        [etMidnight('2024-07-01').toISOString()],
      );
      await bars.upsertBars([bar('FAST', '2024-07-01')]);
      const seen = await changes.changedSince(first);
      expect(seen.symbols.map((s) => s.symbol)).toEqual(['FAST']);

      await slow.commitTransaction();
      const next = await changedSince(seen.upTo);
      expect(next).toContain('SLOW/polygon');
    } finally {
      await slow.release();
      await other.destroy();
    }
  });

  it('reports symbols whose splits were added or changed, not those a sync rewrote identically', async () => {
    const actions = new CorporateActionRepository(db.dataSource);
    const split = { symbol: 'SPLA', executionDate: '2024-06-10', splitFrom: 1, splitTo: 10 } as const;
    const mark = await settledMark();
    await actions.upsertSplits([split, { ...split, symbol: 'SPLB' }], 'polygon');
    const added = await changes.changedSince(mark);
    expect(added.splitSymbols).toEqual(['SPLA', 'SPLB']);
    expect(added.symbols).toEqual([]);

    const again = await settledMark();
    await actions.upsertSplits([split, { ...split, symbol: 'SPLB', splitTo: 4 }], 'polygon');
    expect((await changes.changedSince(again)).splitSymbols).toEqual(['SPLB']);
  });

  it('reports where each series changes start: the earliest bar written, corrected, deleted or moved away', async () => {
    const mark = await settledMark();
    const firstDays = async () =>
      Object.fromEntries(
        (await changes.changedSince(mark)).symbols.map((s) => [`${s.symbol}/${s.source}`, s.firstChangedDay]),
      );
    await bars.upsertBars([bar('FCA', '2024-07-02'), bar('FCA', '2024-07-03'), bar('FCB', '2024-07-01')]);
    await bars.upsertBars([bar('FCA', '2024-07-05')]);
    expect(await firstDays()).toEqual({ 'FCA/polygon': '2024-07-02', 'FCB/polygon': '2024-07-01' });

    // Taken in by a quality baseline: a later append starts where it starts.
    const baselines = new QualityBaselineRepository(db.dataSource);
    await baselines.write({
      runId: 'r',
      at: new Date(),
      changeSeq: await settledMark(),
      fingerprint: 'f',
      full: true,
      readGeneration: await baselines.generation(),
      upsert: [],
      remove: [],
    });
    await bars.upsertBars([bar('FCA', '2024-07-08')]);
    await db.dataSource.query(
      `UPDATE data_ingestion.market_data SET timestamp = $2 WHERE symbol = 'FCB' AND timestamp = $1`,
      [etMidnight('2024-07-01').toISOString(), etMidnight('2024-07-09').toISOString()],
    );
    expect(await firstDays()).toEqual({ 'FCA/polygon': '2024-07-08', 'FCB/polygon': '2024-07-01' });
    await db.dataSource.query(`DELETE FROM data_ingestion.market_data WHERE symbol = 'FCA' AND timestamp = $1`, [
      etMidnight('2024-07-03').toISOString(),
    ]);
    expect(await firstDays()).toEqual({ 'FCA/polygon': '2024-07-03', 'FCB/polygon': '2024-07-01' });
  });

  it('refuses a mark that is not one', async () => {
    await expect(changes.changedSince('12; DROP')).rejects.toThrow(/seq must be a change mark/);
  });
});
