import { selfHealingCases } from './cases/self-healing.cases';
import { universe } from './support/backfill';
import { symbolAllocator, type CaseContext } from './support/case-context';
import { waitForGreen } from './support/health';
import { printRecoveryTable } from './support/recovery-report';
import { startSystem, type FaultSystem } from './support/system';

/**
 * PostgreSQL stopped, Redis lost, Polygon down for longer than the breaker
 * waits: one replica of each service on a private system (the faults are of
 * what they share, so replicas add nothing but start-up time). Budget 2
 * Polygon calls per second, so a 20-symbol backfill lasts ~10 s.
 */
describe('fault suite: self-healing under infrastructure faults', () => {
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
    system = await startSystem({ replicas: { 'alpaca-monitor': 1 }, polygonCallsPerSecond: 2 });
    symbols = await universe(system);
    await waitForGreen(system, 90_000);
  }, 300_000);

  afterAll(async () => {
    printRecoveryTable();
    await system?.stop();
  }, 120_000);

  selfHealingCases(ctx);
});
