import type { FaultSystem } from './system';

/** Polygon calls the simulator received with the service's key since it started (429s and injected faults included: every call spent). */
export async function polygonCallsSpent(system: FaultSystem): Promise<number> {
  return (await system.polygon.stats()).total.byKey[system.secrets.polygonApiKey] ?? 0;
}

/** How many calls of a fault kind the simulator injected since it started (e.g. latency, http-error, rate-limit). */
export async function faultsInjected(system: FaultSystem, kind: string): Promise<number> {
  return (await system.polygon.stats()).total.faults[kind] ?? 0;
}
