import { ingestorCrashCases } from './cases/ingestor-crash.cases';
import { monitorCrashCases } from './cases/monitor-crash.cases';
import { providerFaultCases } from './cases/provider-faults.cases';
import { replicaCases } from './cases/replicas.cases';
import { secretScanCases } from './cases/secret-scan.cases';
import { universe } from './support/backfill';
import { symbolAllocator, type CaseContext } from './support/case-context';
import { waitForGreen } from './support/health';
import { printRecoveryTable } from './support/recovery-report';
import { startSystem, type FaultSystem } from './support/system';

/**
 * The deployment shape, two replicas of every service, on a private system,
 * put through the faults today's code recovers from. One system for the
 * file (starting one costs a minute on 2 cores); cases use disjoint symbols.
 * Budget 2 Polygon calls per second, so a 20-symbol backfill lasts ~10 s.
 */
describe('fault suite: two replicas of every service', () => {
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
    system = await startSystem({ replicas: { 'polygon-ingestor': 2, 'alpaca-monitor': 2, 'quality-service': 2, gateway: 2 }, polygonCallsPerSecond: 2, logLevel: 'info' });
    symbols = await universe(system);
    await waitForGreen(system, 90_000);
  }, 300_000);

  afterAll(async () => {
    printRecoveryTable();
    await system?.stop();
  }, 120_000);

  replicaCases(ctx);
  ingestorCrashCases(ctx);
  monitorCrashCases(ctx);
  providerFaultCases(ctx);
  secretScanCases(ctx);
});
