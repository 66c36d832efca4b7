import { CorporateActionRepository, MarketDataSnapshotRepository } from '@mdi/storage';
import type { DataSource } from 'typeorm';
import { type PerRowBar, toPerRowBars } from '../per-row-checks/per-row-bar';
import type { PerRowSplitLedger } from '../per-row-checks/per-row-splits';

/** Every stored bar and the splits ledger, read as the per-row reference checks take them. */
export async function loadPerRowInput(
  dataSource: DataSource,
): Promise<{ readonly bars: PerRowBar[]; readonly splits: PerRowSplitLedger }> {
  const actions = new CorporateActionRepository(dataSource);
  const [rows, splits, coverage] = await Promise.all([
    new MarketDataSnapshotRepository(dataSource).storedRows(),
    actions.findAllSplits(),
    actions.coverage('split'),
  ]);
  return { bars: toPerRowBars(rows), splits: { splits, coverage } };
}
