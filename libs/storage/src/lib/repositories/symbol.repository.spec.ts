import type { SymbolInfo } from '@mdi/domain';
import { useStorageTestDatabase } from '../../test-support/test-database';
import { DelistedSymbolRepository } from './delisted-symbol.repository';
import { SymbolRepository } from './symbol.repository';

const apple: SymbolInfo = {
  symbol: 'AAPL',
  name: 'Apple Inc.',
  exchange: 'XNAS',
  sector: 'Technology',
  marketCap: 3_400_000_000_000,
  status: 'active',
};
const berkshire: SymbolInfo = {
  symbol: 'BRK.A',
  name: 'Berkshire Hathaway',
  exchange: 'XNYS',
  sector: null,
  marketCap: null,
  status: 'active',
};

describe('SymbolRepository', () => {
  const db = useStorageTestDatabase();
  let symbols: SymbolRepository;
  beforeAll(() => {
    symbols = new SymbolRepository(db.dataSource);
  });
  beforeEach(() => db.dataSource.query('TRUNCATE data_ingestion.symbols, data_ingestion.delisted_symbols'));

  it('adds, gets and lists symbols, filtered by status', async () => {
    expect(await symbols.add(apple)).toEqual({ written: 1, rejected: [] });
    expect(await symbols.upsert([berkshire, { ...apple, symbol: 'ENRN', status: 'delisted' }])).toEqual({
      written: 2,
      rejected: [],
    });
    // The security type is the reference sync's to fill: unknown until then.
    expect(await symbols.get('AAPL')).toEqual({ ...apple, type: null });
    expect(await symbols.get('NOPE')).toBeNull();
    expect((await symbols.list()).map((s) => s.symbol)).toEqual(['AAPL', 'BRK.A', 'ENRN']);
    expect((await symbols.list('active')).map((s) => s.symbol)).toEqual(['AAPL', 'BRK.A']);
    expect((await symbols.list('delisted')).map((s) => s.symbol)).toEqual(['ENRN']);
    const [row] = await db.dataSource.query(
      `SELECT market_cap::text AS cap FROM data_ingestion.symbols WHERE symbol = 'AAPL'`,
    );
    expect(row.cap).toBe('3400000000000');
  });

  it('upserts: identical rows are not rewritten, changed ones are and move last_updated', async () => {
    await symbols.upsert([apple, berkshire]);
    const stamps = async () =>
      db.dataSource.query(
        `SELECT symbol, xmin::text AS xmin, last_updated FROM data_ingestion.symbols ORDER BY symbol`,
      );
    const before = await stamps();
    expect(await symbols.upsert([apple, { ...berkshire, sector: 'Financials' }])).toEqual({ written: 1, rejected: [] });
    const after = await stamps();
    expect(after[0]).toEqual(before[0]);
    expect(after[1].xmin).not.toBe(before[1].xmin);
    expect((await symbols.get('BRK.A'))?.sector).toBe('Financials');
  });

  it('rejects invalid symbols with reasons and stores the rest', async () => {
    const result = await symbols.upsert([
      apple,
      { ...apple, symbol: 'KIMpL' },
      { ...apple, symbol: 'MSFT', status: 'gone' as never },
      { ...apple, symbol: 'NVDA', marketCap: 1.5 },
      { ...apple, symbol: 'TSLA', name: 'x'.repeat(256) },
    ]);
    expect(result.written).toBe(1);
    expect(result.rejected.map((r) => [r.index, r.symbol])).toEqual([
      [1, 'KIMpL'],
      [2, 'MSFT'],
      [3, 'NVDA'],
      [4, 'TSLA'],
    ]);
    expect(result.rejected[0]?.reasons.join()).toMatch(
      /KIMpL" has lower-case letters: Polygon spells securities other than common and class shares that way/,
    );
    expect(result.rejected[1]?.reasons.join()).toMatch(/status must be one of/);
    expect(result.rejected[2]?.reasons.join()).toMatch(/marketCap/);
    expect(result.rejected[3]?.reasons.join()).toMatch(/name must be text of at most 255/);
    expect((await symbols.list()).map((s) => s.symbol)).toEqual(['AAPL']);
  });

  it('sets the status and removes symbols, reporting unknown ones', async () => {
    await symbols.upsert([apple, berkshire]);
    expect(await symbols.setStatus('AAPL', 'suspended')).toBe(true);
    expect(await symbols.setStatus('NOPE', 'suspended')).toBe(false);
    await expect(symbols.setStatus('AAPL', 'bogus' as never)).rejects.toThrow(/status must be one of/);
    expect((await symbols.get('AAPL'))?.status).toBe('suspended');
    expect(await symbols.remove('BRK.A')).toBe(true);
    expect(await symbols.remove('BRK.A')).toBe(false);
    expect((await symbols.list()).map((s) => s.symbol)).toEqual(['AAPL']);
  });

  it('takes name and exchange from reference rows for universe symbols only, never blanking a stored value', async () => {
    await symbols.upsert([
      { ...apple, name: null, exchange: null },
      { ...berkshire, name: '', exchange: 'XNYS' },
      { symbol: 'MSFT', name: 'Microsoft Corp', exchange: 'XNAS', sector: null, marketCap: null, status: 'suspended' },
    ]);
    const reference = (symbol: string, name: string | null, exchange: string | null) => ({
      symbol,
      name,
      exchange,
      type: 'CS',
      active: true,
      delistedDate: null,
    });
    const changed = await symbols.applyReferenceDetails([
      reference('AAPL', 'Apple Inc.', 'XNAS'),
      reference('BRK.A', 'Berkshire Hathaway Inc.', '  '),
      reference('MSFT', 'Microsoft Corp', 'XNAS'),
      reference('ZZZZ', 'Not In The Universe', 'XNYS'),
      reference('bad', 'Lower Case', 'XNYS'),
    ]);
    // MSFT's name and exchange were already right; its security type was not known yet.
    expect(changed).toEqual(['AAPL', 'BRK.A', 'MSFT']);
    expect(await symbols.get('AAPL')).toMatchObject({
      name: 'Apple Inc.',
      exchange: 'XNAS',
      sector: 'Technology',
      status: 'active',
      type: 'CS',
    });
    expect(await symbols.get('MSFT')).toMatchObject({ type: 'CS' });
    expect(await symbols.get('BRK.A')).toMatchObject({ name: 'Berkshire Hathaway Inc.', exchange: 'XNYS' });
    expect(await symbols.get('ZZZZ')).toBeNull();
    expect(await symbols.count()).toBe(3);
    expect(await symbols.count('suspended')).toBe(1);
    expect(await symbols.applyReferenceDetails([reference('AAPL', 'Apple Inc.', null)])).toEqual([]);
  });

  it("records delistings (idempotently) with the seed's cent precision", async () => {
    const delisted = new DelistedSymbolRepository(db.dataSource);
    await delisted.record({ symbol: 'ENRN', delistDate: '2001-11-28', lastPrice: '0.26', notes: 'bankrupt' });
    await delisted.record({ symbol: 'ENRN', delistDate: '2001-11-28', lastPrice: '0.255', notes: 'bankruptcy' });
    expect(await delisted.get('ENRN')).toEqual({
      symbol: 'ENRN',
      delistDate: '2001-11-28',
      lastPrice: '0.26',
      notes: 'bankruptcy',
    });
    expect(await db.dataSource.query(`SELECT count(*)::int AS n FROM data_ingestion.delisted_symbols`)).toEqual([
      { n: 1 },
    ]);
    await delisted.record({ symbol: 'TWTR', delistDate: null, lastPrice: null, notes: null });
    expect(await delisted.get('TWTR')).toEqual({ symbol: 'TWTR', delistDate: null, lastPrice: null, notes: null });
    await expect(
      delisted.record({ symbol: 'bad', delistDate: '2001-13-45', lastPrice: 'NaN', notes: null }),
    ).rejects.toThrow(/upper case.*delistDate.*lastPrice/);
    expect(await delisted.get('bad')).toBeNull();
  });
});
