import { useStorageTestDatabase } from '../../test-support/test-database';
import { position, snapshot } from '../../test-support/alpaca-rows';
import { AccountSnapshotRepository } from './account-snapshot.repository';
import { PositionRepository } from './position.repository';

describe('AccountSnapshotRepository and PositionRepository (real PostgreSQL)', () => {
  const db = useStorageTestDatabase();
  let snapshots: AccountSnapshotRepository;
  let positions: PositionRepository;

  beforeAll(() => {
    snapshots = new AccountSnapshotRepository(db.dataSource);
    positions = new PositionRepository(db.dataSource);
  });

  it('keeps snapshots as a time series, once per capture time, with money exact', async () => {
    const first = snapshot({ equity: '12345.6789', cash: '123456789012345678901234.123456789012' });
    expect(await snapshots.latest()).toBeNull();
    expect(await snapshots.insert(first)).toBe(true);
    expect(await snapshots.insert(first)).toBe(false);
    const later = snapshot({ capturedAt: new Date('2026-11-25T15:01:00.000Z'), status: 'ACCOUNT_UPDATED' });
    expect(await snapshots.insert(later)).toBe(true);
    expect(await snapshots.latest()).toEqual(later);
    expect(await snapshots.since(new Date('2026-11-25T00:00:00Z'), 10)).toEqual([first, later]);
    const raw = await db.dataSource.query(
      `SELECT equity::text AS e, cash::text AS c FROM data_ingestion.account_snapshots ORDER BY captured_at LIMIT 1`,
    );
    expect(raw).toEqual([{ e: '12345.6789', c: '123456789012345678901234.123456789012' }]);
  });

  it('refuses a money value that is not a number instead of storing something else', async () => {
    await expect(
      snapshots.insert(snapshot({ capturedAt: new Date('2026-11-25T16:00:00Z'), cash: 'abc' })),
    ).rejects.toThrow(/numeric/);
  });

  it('replaces the position set: upserts, removes closed positions, keeps unreadable ones', async () => {
    const t1 = new Date('2026-11-25T15:00:00Z');
    expect(
      await positions.replaceAll([position('AAPL', { qty: '12345.6789' }), position('MSFT'), position('IBM')], t1),
    ).toEqual({
      upserted: 3,
      removed: 0,
    });
    const t2 = new Date('2026-11-25T15:01:00Z');
    // MSFT was closed; IBM came back malformed, so its last state stays.
    expect(await positions.replaceAll([position('AAPL', { qty: '5' })], t2, ['asset-IBM'])).toEqual({
      upserted: 1,
      removed: 1,
    });
    const stored = await positions.list();
    expect(stored.map((p) => [p.symbol, p.qty])).toEqual([
      ['AAPL', '5'],
      ['IBM', '10'],
    ]);
    expect(stored[0].updatedAt).toEqual(t2);
  });

  it('ignores an older poll that lands after a newer one (slow replica)', async () => {
    const t3 = new Date('2026-11-25T15:02:00Z');
    await positions.replaceAll([position('AAPL', { qty: '7' }), position('TSLA')], t3);
    const stale = new Date('2026-11-25T15:01:30Z');
    expect(await positions.replaceAll([position('AAPL', { qty: '1' })], stale)).toEqual({ upserted: 0, removed: 0 });
    expect((await positions.list()).map((p) => [p.symbol, p.qty])).toEqual([
      ['AAPL', '7'],
      ['TSLA', '10'],
    ]);
  });

  it('an empty answer closes every position', async () => {
    expect(await positions.replaceAll([], new Date('2026-11-25T15:03:00Z'))).toEqual({ upserted: 0, removed: 2 });
    expect(await positions.list()).toEqual([]);
  });
});
