import { useStorageTestDatabase } from '../../test-support/test-database';
import { CorporateActionRepository } from './corporate-action.repository';

describe('CorporateActionRepository', () => {
  const db = useStorageTestDatabase();
  let repo: CorporateActionRepository;
  beforeAll(() => {
    repo = new CorporateActionRepository(db.dataSource);
  });

  it('stores splits idempotently and reads them back oldest first', async () => {
    const splits = [
      { symbol: 'NVDA', executionDate: '2024-06-10', splitFrom: 1, splitTo: 10 },
      { symbol: 'NVDA', executionDate: '2021-07-20', splitFrom: 1, splitTo: 4 },
      { symbol: 'AAPL', executionDate: '2020-08-31', splitFrom: 1, splitTo: 4 },
    ];
    expect(await repo.upsertSplits(splits, 'polygon')).toEqual({ written: 3, rejected: [] });
    expect(await repo.upsertSplits(splits, 'polygon')).toEqual({ written: 3, rejected: [] });
    expect(await repo.findSplits('NVDA')).toEqual([splits[1], splits[0]]);
    const [{ n }] = await db.dataSource.query(`SELECT count(*)::int AS n FROM data_ingestion.corporate_actions`);
    expect(n).toBe(3);
  });

  it('lists the splits of every symbol, by symbol then date', async () => {
    await repo.upsertSplits(
      [
        { symbol: 'RNG', executionDate: '2023-03-01', splitFrom: 1, splitTo: 3 },
        { symbol: 'RNG', executionDate: '2025-03-03', splitFrom: 10, splitTo: 1 },
        { symbol: 'QQA', executionDate: '2023-03-01', splitFrom: 1, splitTo: 2 },
      ],
      'polygon',
    );
    const ours = (splits: { symbol: string }[]) => splits.filter((s) => ['RNG', 'QQA'].includes(s.symbol));
    expect(ours(await repo.findAllSplits())).toEqual([
      { symbol: 'QQA', executionDate: '2023-03-01', splitFrom: 1, splitTo: 2 },
      { symbol: 'RNG', executionDate: '2023-03-01', splitFrom: 1, splitTo: 3 },
      { symbol: 'RNG', executionDate: '2025-03-03', splitFrom: 10, splitTo: 1 },
    ]);
  });

  it('lists the splits of the symbols asked for, in one query, by symbol then date', async () => {
    expect(await repo.findSplitsOf(['RNG', 'NVDA', 'NONE'])).toEqual([
      { symbol: 'NVDA', executionDate: '2021-07-20', splitFrom: 1, splitTo: 4 },
      { symbol: 'NVDA', executionDate: '2024-06-10', splitFrom: 1, splitTo: 10 },
      { symbol: 'RNG', executionDate: '2023-03-01', splitFrom: 1, splitTo: 3 },
      { symbol: 'RNG', executionDate: '2025-03-03', splitFrom: 10, splitTo: 1 },
    ]);
    expect(await repo.findSplitsOf([])).toEqual([]);
  });

  it('keeps fractional split ratios exactly', async () => {
    await repo.upsertSplits([{ symbol: 'ABC', executionDate: '2024-01-02', splitFrom: 2, splitTo: 3.5 }], 'polygon');
    expect(await repo.findSplits('ABC')).toEqual([
      { symbol: 'ABC', executionDate: '2024-01-02', splitFrom: 2, splitTo: 3.5 },
    ]);
  });

  it('refuses malformed actions with reasons and stores the rest', async () => {
    const result = await repo.upsertSplits(
      [
        { symbol: 'aapl', executionDate: '2024-01-02', splitFrom: 1, splitTo: 2 },
        { symbol: 'MSFT', executionDate: '2024-13-02', splitFrom: 0, splitTo: 2 },
        { symbol: 'MSFT', executionDate: '2024-01-02', splitFrom: 1, splitTo: 2 },
      ],
      'polygon',
    );
    expect(result.written).toBe(1);
    expect(result.rejected).toEqual([
      { index: 0, symbol: 'aapl', reasons: ['symbol "aapl" must be upper case'] },
      {
        index: 1,
        symbol: 'MSFT',
        reasons: ['executionDate must be YYYY-MM-DD, got 2024-13-02', 'splitFrom must be a number > 0, got 0'],
      },
    ]);
  });

  it('stores dividends and finds them by ex date', async () => {
    const dividend = {
      symbol: 'KO',
      exDividendDate: '2024-06-14',
      cashAmount: '0.485',
      payDate: '2024-07-01',
      declarationDate: '2024-04-25',
      frequency: 4,
      dividendType: 'CD',
    };
    expect(
      (await repo.upsertDividends([dividend, { ...dividend, cashAmount: '-1' }], 'polygon')).rejected,
    ).toHaveLength(1);
    expect(await repo.findDividends('KO', '2024-01-01', '2024-12-31')).toEqual([dividend]);
    expect(await repo.findDividends('KO', '2024-07-01', '2024-12-31')).toEqual([]);
  });

  it('merges touching coverage ranges and replaces a disjoint older one', async () => {
    expect(await repo.coverage('split')).toBeNull();
    expect(await repo.recordCoverage('split', '2024-01-01', '2024-06-30')).toEqual({
      from: '2024-01-01',
      through: '2024-06-30',
    });
    expect(await repo.recordCoverage('split', '2024-07-01', '2024-07-05')).toEqual({
      from: '2024-01-01',
      through: '2024-07-05',
    });
    expect(await repo.recordCoverage('split', '2024-03-01', '2024-03-02')).toEqual({
      from: '2024-01-01',
      through: '2024-07-05',
    });
    // A gap would make "complete from..through" a lie: the later range wins.
    expect(await repo.recordCoverage('split', '2024-09-01', '2024-09-30')).toEqual({
      from: '2024-09-01',
      through: '2024-09-30',
    });
    expect(await repo.coverage('dividend')).toBeNull();
    await expect(repo.recordCoverage('split', '2024-09-30', '2024-09-01')).rejects.toThrow(/in order/);
  });
});
