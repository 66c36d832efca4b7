import type { SymbolInfo } from '@mdi/domain';
import { bar } from '../../test-support/bars';
import { useStorageTestDatabase } from '../../test-support/test-database';
import { MarketDataRepository } from './market-data.repository';
import { QualityUniverseRepository } from './quality-universe.repository';
import { SymbolRepository } from './symbol.repository';

const listed = (symbol: string, status: SymbolInfo['status']): SymbolInfo => ({
  symbol,
  name: symbol,
  exchange: 'XNYS',
  sector: null,
  marketCap: null,
  status,
});

describe('QualityUniverseRepository', () => {
  const db = useStorageTestDatabase();
  beforeEach(() => db.dataSource.query('TRUNCATE data_ingestion.symbols, data_ingestion.market_data'));

  it('is empty without bars and without active symbols', async () => {
    await new SymbolRepository(db.dataSource).upsert([listed('GONE', 'delisted')]);
    expect(await new QualityUniverseRepository(db.dataSource).symbolsToCheck()).toEqual([]);
  });

  it('lists every symbol with a stored bar and every active one, each once, in code-unit order', async () => {
    await new MarketDataRepository(db.dataSource).upsertBars([
      bar('BRKA', '2024-07-01'),
      bar('BRKA', '2024-07-02'),
      bar('BRK.B', '2024-07-01'),
      bar('BRK.B', '2024-07-01', { source: 'alpaca' }),
      // Delisted, but its bars are still checked.
      bar('GONE', '2024-07-01'),
      bar('ZZZ', '2024-07-03'),
    ]);
    await new SymbolRepository(db.dataSource).upsert([
      listed('ZZZ', 'active'),
      // Active before its first bar: the stale check must see it.
      listed('NEW', 'active'),
      listed('GONE', 'delisted'),
      listed('OLD', 'delisted'),
    ]);
    // '.' sorts before 'A' by code unit; a linguistic collation would put BRKA first.
    expect(await new QualityUniverseRepository(db.dataSource).symbolsToCheck()).toEqual([
      'BRK.B',
      'BRKA',
      'GONE',
      'NEW',
      'ZZZ',
    ]);
  });
});
