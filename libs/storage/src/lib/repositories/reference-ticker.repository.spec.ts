import { useStorageTestDatabase } from '../../test-support/test-database';
import { ReferenceTickerRepository } from './reference-ticker.repository';

describe('ReferenceTickerRepository', () => {
  const db = useStorageTestDatabase();
  let repo: ReferenceTickerRepository;
  beforeAll(() => {
    repo = new ReferenceTickerRepository(db.dataSource);
  });

  it('records tickers seen in a grouped answer, keeping the latest date', async () => {
    expect(await repo.count()).toBe(0);
    expect(await repo.markSeen(['AAPL', 'MSFT', 'bad', 'AAPL'], '2024-07-02', 'polygon')).toBe(2);
    await repo.markSeen(['AAPL'], '2024-07-01', 'polygon');
    expect(await repo.get('AAPL')).toEqual({
      symbol: 'AAPL',
      name: null,
      exchange: null,
      type: null,
      active: true,
      delistedDate: null,
      lastSeen: '2024-07-02',
      checkedThrough: null,
    });
    await expect(repo.markSeen(['AAPL'], '2024-7-1', 'polygon')).rejects.toThrow(/YYYY-MM-DD/);
  });

  it('stores reference rows (delistings included) without losing lastSeen', async () => {
    const result = await repo.upsertReferences(
      [
        { symbol: 'AAPL', name: 'Apple Inc.', exchange: 'XNAS', type: 'CS', active: true, delistedDate: null },
        { symbol: 'OLDCO', name: 'Old Co', exchange: 'XNYS', type: 'CS', active: false, delistedDate: '2024-03-01' },
        { symbol: 'KIMpL', name: 'pref', exchange: 'XNYS', type: 'PFD', active: true, delistedDate: null },
      ],
      'polygon',
    );
    expect(result.written).toBe(2);
    expect(result.rejected).toEqual([
      {
        index: 2,
        symbol: 'KIMpL',
        reasons: [
          `symbol "KIMpL" has lower-case letters: Polygon spells securities other than common and class shares that way (KIMpL is a preferred share), and only common and class shares are stored; a ticker is never re-spelled`,
        ],
      },
    ]);
    expect(await repo.findMany(['OLDCO', 'AAPL', 'NOPE'])).toEqual([
      {
        symbol: 'AAPL',
        name: 'Apple Inc.',
        exchange: 'XNAS',
        type: 'CS',
        active: true,
        delistedDate: null,
        lastSeen: '2024-07-02',
        checkedThrough: null,
      },
      {
        symbol: 'OLDCO',
        name: 'Old Co',
        exchange: 'XNYS',
        type: 'CS',
        active: false,
        delistedDate: '2024-03-01',
        lastSeen: null,
        checkedThrough: null,
      },
    ]);
  });

  it('records a details lookup and the session it settled, never moving that session back', async () => {
    const msft = { symbol: 'MSFT', name: 'Microsoft', exchange: 'XNAS', type: 'CS', active: true, delistedDate: null };
    await repo.recordDetailsCheck(msft, '2024-07-10', 'polygon');
    await repo.recordDetailsCheck(msft, '2024-07-03', 'polygon');
    expect(await repo.get('MSFT')).toMatchObject({ active: true, name: 'Microsoft', checkedThrough: '2024-07-10' });
    await expect(repo.recordDetailsCheck(msft, 'yesterday', 'polygon')).rejects.toThrow(
      'checkedThrough must be YYYY-MM-DD',
    );
    await expect(repo.recordDetailsCheck({ ...msft, symbol: 'msft' }, '2024-07-10', 'polygon')).rejects.toThrow(
      /reference refused/,
    );
  });
});
