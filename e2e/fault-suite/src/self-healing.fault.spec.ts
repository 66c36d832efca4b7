import { selfHealingCases } from './cases/self-healing.cases';
import { describeOnPrivateSystem } from './support/describe-system';

/**
 * PostgreSQL stopped, Redis lost, Polygon down for longer than the breaker
 * waits: one replica of each service on a private system (the faults are of
 * what they share, so replicas add nothing but start-up time). Budget 2
 * Polygon calls per second, so a 20-symbol backfill lasts ~10 s.
 */
describeOnPrivateSystem(
  'fault suite: self-healing under infrastructure faults',
  { replicas: { 'alpaca-monitor': 1 }, polygonCallsPerSecond: 2 },
  [selfHealingCases],
);
