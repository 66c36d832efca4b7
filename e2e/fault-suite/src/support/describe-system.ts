import { universe } from './backfill';
import { symbolAllocator, type CaseContext } from './case-context';
import { waitForGreen } from './health';
import { printRecoveryTable } from './recovery-report';
import { startSystem, type FaultSystem, type SystemOptions } from './system';

/**
 * One spec file's private system: started once in beforeAll (a minute on 2
 * cores), green before the first case, its recovery times printed and every
 * process and server stopped in afterAll. The groups of cases share it and
 * take disjoint symbols of its universe.
 */
export function describeOnPrivateSystem(
  title: string,
  options: SystemOptions,
  groups: ReadonlyArray<(ctx: CaseContext) => void>,
): void {
  describe(title, () => {
    let system: FaultSystem | undefined;
    let symbols: string[] = [];
    const ctx: CaseContext = {
      system: () => {
        if (!system) throw new Error('the system did not start (see beforeAll)');
        return system;
      },
      takeSymbols: symbolAllocator(() => symbols),
    };

    beforeAll(async () => {
      system = await startSystem(options);
      symbols = await universe(system);
      await waitForGreen(system, 90_000);
    }, 300_000);

    afterAll(async () => {
      printRecoveryTable();
      await system?.stop();
    }, 120_000);

    for (const group of groups) group(ctx);
  });
}
