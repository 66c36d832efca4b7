import type { SymbolDataStatus } from '@mdi/domain';
import { useStorageTestDatabase } from '../../test-support/test-database';
import { COVERAGE_CELL_CODES, SymbolDataStatusRepository } from './symbol-data-status.repository';

const ok = (symbol: string, date: string): SymbolDataStatus => ({
  symbol,
  date,
  dataSource: 'polygon',
  status: 'success',
  errorMessage: null,
});

describe('SymbolDataStatusRepository', () => {
  const db = useStorageTestDatabase();
  let statuses: SymbolDataStatusRepository;
  beforeAll(() => {
    statuses = new SymbolDataStatusRepository(db.dataSource);
  });
  beforeEach(() => db.dataSource.query('TRUNCATE data_ingestion.symbol_data_status'));

  it('upserts per symbol/date/source and reads the rows back', async () => {
    const failed: SymbolDataStatus = { ...ok('AAPL', '2024-07-02'), status: 'failed', errorMessage: 'HTTP 503' };
    expect(await statuses.upsertStatuses([ok('AAPL', '2024-07-01'), failed, ok('MSFT', '2024-07-01')])).toEqual({
      written: 3,
      rejected: [],
    });
    const [before] = await statuses.findStatuses('AAPL', '2024-07-02', '2024-07-02');
    expect(
      await statuses.upsertStatuses([
        ok('AAPL', '2024-07-02'),
        { ...ok('AAPL', '2024-07-02'), dataSource: 'alpaca', status: 'no_data' },
      ]),
    ).toEqual({
      written: 2,
      rejected: [],
    });
    const found = await statuses.findStatuses('AAPL', '2024-07-01', '2024-07-31');
    const withoutAttempt = found.map((s) => ({
      symbol: s.symbol,
      date: s.date,
      dataSource: s.dataSource,
      status: s.status,
      errorMessage: s.errorMessage,
    }));
    expect(withoutAttempt).toEqual([
      ok('AAPL', '2024-07-01'),
      { ...ok('AAPL', '2024-07-02'), dataSource: 'alpaca', status: 'no_data' },
      ok('AAPL', '2024-07-02'),
    ]);
    expect(found[2]?.lastAttempt.getTime()).toBeGreaterThanOrEqual(before?.lastAttempt.getTime() ?? Infinity);
    expect(await statuses.findStatuses('AAPL', '2024-07-01', '2024-07-31', 'alpaca')).toHaveLength(1);
    expect(await db.dataSource.query(`SELECT count(*)::int AS n FROM data_ingestion.symbol_data_status`)).toEqual([
      { n: 4 },
    ]);
  });

  it('keeps the last status of a cell repeated in one batch', async () => {
    const result = await statuses.upsertStatuses([
      { ...ok('AAPL', '2024-07-01'), status: 'failed', errorMessage: 'timeout' },
      ok('AAPL', '2024-07-01'),
    ]);
    expect(result).toEqual({ written: 1, rejected: [] });
    expect((await statuses.findStatuses('AAPL', '2024-07-01', '2024-07-01'))[0]?.status).toBe('success');
  });

  it('rejects bad rows with reasons and stores the rest', async () => {
    const result = await statuses.upsertStatuses([
      ok('AAPL', '2024-07-01'),
      ok('AAPL', '07/01/2024'),
      { ...ok('AAPL', '2024-07-03'), status: 'maybe' as never },
      { ...ok('AAPL', '2024-07-05'), dataSource: 'yahoo' as never },
      ok('aapl', '2024-07-08'),
    ]);
    expect(result.written).toBe(1);
    expect(result.rejected.map((r) => [r.index, r.reasons.join()])).toEqual([
      [1, expect.stringMatching(/date must be YYYY-MM-DD/)],
      [2, expect.stringMatching(/status must be one of success, failed, no_data/)],
      [3, expect.stringMatching(/dataSource must be/)],
      [4, expect.stringMatching(/upper case/)],
    ]);
    expect(await db.dataSource.query(`SELECT count(*)::int AS n FROM data_ingestion.symbol_data_status`)).toEqual([
      { n: 1 },
    ]);
  });

  describe('coverage grid', () => {
    const sessions = ['2024-07-01', '2024-07-02', '2024-07-03', '2024-07-05'];
    const cell = (
      symbol: string,
      date: string,
      status: SymbolDataStatus['status'],
      errorMessage: string | null = null,
    ): SymbolDataStatus => ({
      symbol,
      date,
      dataSource: 'polygon',
      status,
      errorMessage,
    });

    beforeEach(async () => {
      await statuses.upsertStatuses([
        cell('MSFT', '2024-07-01', 'success'),
        cell('MSFT', '2024-07-02', 'no_data'),
        cell('MSFT', '2024-07-03', 'not_available'),
        cell('MSFT', '2024-07-05', 'failed', 'HTTP 503 after 3 attempts'),
        cell('AAPL', '2024-07-01', 'success'),
        cell('AAPL', '2024-07-05', 'success'),
        // Outside the asked sessions, and another source: never in the grid.
        cell('AAPL', '2024-06-28', 'failed', 'old'),
        { ...cell('AAPL', '2024-07-02', 'success'), dataSource: 'alpaca' },
      ]);
    });

    it('gives one code per session, in the order of the symbols and sessions asked, missing where no row exists', async () => {
      expect(await statuses.coverageGrid(['MSFT', 'AAPL', 'NVDA'], sessions, 'polygon')).toEqual([
        { symbol: 'MSFT', cells: 'snaf' },
        { symbol: 'AAPL', cells: 's..s' },
        { symbol: 'NVDA', cells: '....' },
      ]);
      expect(await statuses.coverageGrid(['AAPL'], ['2024-07-05', '2024-07-01'], 'polygon')).toEqual([
        { symbol: 'AAPL', cells: 'ss' },
      ]);
      expect(await statuses.coverageGrid(['AAPL'], ['2024-07-02'], 'alpaca')).toEqual([
        { symbol: 'AAPL', cells: COVERAGE_CELL_CODES.success },
      ]);
    });

    it('answers empty rows without a query for no sessions, nothing for no symbols, and refuses a malformed session', async () => {
      expect(await statuses.coverageGrid([], sessions, 'polygon')).toEqual([]);
      expect(await statuses.coverageGrid(['AAPL'], [], 'polygon')).toEqual([{ symbol: 'AAPL', cells: '' }]);
      await expect(statuses.coverageGrid(['AAPL'], ['2024-07-01', '07/02/2024'], 'polygon')).rejects.toThrow(
        'sessions must be YYYY-MM-DD dates, got "07/02/2024"',
      );
    });

    it('lists failed cells of the asked symbols and sessions with their errors, newest first, up to the limit', async () => {
      await statuses.upsertStatuses([cell('AAPL', '2024-07-03', 'failed', 'refused row: volume has 7 decimals')]);
      expect(await statuses.failedCells(['AAPL', 'MSFT'], sessions, 'polygon', 10)).toEqual([
        { symbol: 'MSFT', date: '2024-07-05', errorMessage: 'HTTP 503 after 3 attempts' },
        { symbol: 'AAPL', date: '2024-07-03', errorMessage: 'refused row: volume has 7 decimals' },
      ]);
      expect(await statuses.failedCells(['AAPL', 'MSFT'], sessions, 'polygon', 1)).toHaveLength(1);
      expect(await statuses.failedCells(['AAPL'], ['2024-07-05'], 'polygon', 10)).toEqual([]);
    });
  });

  it('reads the ledger of one source for planning: windows, settled cells, latest rows, last success', async () => {
    const row = (
      symbol: string,
      date: string,
      status: SymbolDataStatus['status'],
      dataSource: SymbolDataStatus['dataSource'] = 'polygon',
    ): SymbolDataStatus => ({
      symbol,
      date,
      dataSource,
      status,
      errorMessage: status === 'failed' ? 'HTTP 503' : null,
    });
    await statuses.upsertStatuses([
      row('AAPL', '2024-07-01', 'success'),
      row('AAPL', '2024-07-02', 'failed'),
      row('AAPL', '2024-07-03', 'no_data'),
      row('MSFT', '2024-07-02', 'not_available'),
      row('MSFT', '2024-07-08', 'success', 'alpaca'),
      row('IBM', '2024-07-02', 'success', 'alpaca'),
    ]);
    const entries = await statuses.ledgerEntries(['AAPL', 'MSFT', 'IBM'], '2024-07-02', '2024-07-03', 'polygon');
    expect(entries.sort((a, b) => a.symbol.localeCompare(b.symbol) || a.date.localeCompare(b.date))).toEqual([
      { symbol: 'AAPL', date: '2024-07-02', status: 'failed' },
      { symbol: 'AAPL', date: '2024-07-03', status: 'no_data' },
      { symbol: 'MSFT', date: '2024-07-02', status: 'not_available' },
    ]);
    expect(await statuses.ledgerEntries([], '2024-07-01', '2024-07-31', 'polygon')).toEqual([]);
    expect(await statuses.settledOn(['AAPL', 'MSFT', 'IBM'], '2024-07-03', 'polygon')).toEqual(new Set(['AAPL']));
    expect(await statuses.settledOn(['AAPL', 'MSFT', 'IBM'], '2024-07-02', 'polygon')).toEqual(new Set());
    expect(await statuses.settledOn(['IBM'], '2024-07-02', 'alpaca')).toEqual(new Set(['IBM']));
    expect(await statuses.latestEntries(['MSFT', 'AAPL'], 2, 'polygon')).toEqual([
      { symbol: 'AAPL', date: '2024-07-03', status: 'no_data' },
      { symbol: 'AAPL', date: '2024-07-02', status: 'failed' },
      { symbol: 'MSFT', date: '2024-07-02', status: 'not_available' },
    ]);
    expect(await statuses.lastSuccessDate('polygon')).toBe('2024-07-01');
    expect(await statuses.lastSuccessDate('alpaca')).toBe('2024-07-08');
    await db.dataSource.query('TRUNCATE data_ingestion.symbol_data_status');
    expect(await statuses.lastSuccessDate('polygon')).toBeNull();
  });
});
