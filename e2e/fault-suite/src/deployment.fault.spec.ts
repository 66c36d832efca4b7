import { ingestorCrashCases } from './cases/ingestor-crash.cases';
import { monitorCrashCases } from './cases/monitor-crash.cases';
import { providerFaultCases } from './cases/provider-faults.cases';
import { replicaCases } from './cases/replicas.cases';
import { secretScanCases } from './cases/secret-scan.cases';
import { describeOnPrivateSystem } from './support/describe-system';

/**
 * The deployment shape, two replicas of every service, on a private system,
 * put through the faults today's code recovers from; cases use disjoint
 * symbols. Budget 2 Polygon calls per second, so a 20-symbol backfill lasts
 * ~10 s. The secret scan comes last: it reads everything the others left.
 */
describeOnPrivateSystem(
  'fault suite: two replicas of every service',
  {
    replicas: { 'polygon-ingestor': 2, 'alpaca-monitor': 2, 'quality-service': 2, gateway: 2 },
    polygonCallsPerSecond: 2,
    logLevel: 'info',
  },
  [replicaCases, ingestorCrashCases, monitorCrashCases, providerFaultCases, secretScanCases],
);
