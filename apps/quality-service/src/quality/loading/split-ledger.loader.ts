import { CorporateActionRepository } from '@mdi/storage';
import type { DataSource } from 'typeorm';
import { SplitLedger } from '../checks/split-ledger';

/** The whole splits ledger and its coverage: splits are rare (a few hundred a year across US stocks). */
export async function loadSplitLedger(dataSource: DataSource): Promise<SplitLedger> {
  const actions = new CorporateActionRepository(dataSource);
  const [splits, coverage] = await Promise.all([actions.findAllSplits(), actions.coverage('split')]);
  return new SplitLedger(splits, coverage);
}
