import type { FaultSystem } from './system';

/** Polygon calls the simulator received with the service's key since it started (429s and injected faults included: every call spent). */
export async function polygonCallsSpent(system: FaultSystem): Promise<number> {
  return (await system.polygon.stats()).total.byKey[system.secrets.polygonApiKey] ?? 0;
}

/** How many calls of a fault kind the simulator injected since it started (e.g. latency, http-error, rate-limit). */
export async function faultsInjected(system: FaultSystem, kind: string): Promise<number> {
  return (await system.polygon.stats()).total.faults[kind] ?? 0;
}

export interface CallCounter {
  /** Calls the service's key made since the counter started, with the endpoints every key called meanwhile (for a failure message). */
  spent(): Promise<{ calls: number; byEndpoint: Record<string, number> }>;
}

/** Starts counting now. Read it before the suite's own audit reads, which add endpoint counts (never the service key's). */
export async function countPolygonCalls(system: FaultSystem): Promise<CallCounter> {
  const before = (await system.polygon.stats()).total;
  return {
    async spent() {
      const now = (await system.polygon.stats()).total;
      const byEndpoint: Record<string, number> = {};
      for (const [endpoint, n] of Object.entries(now.byEndpoint)) {
        const delta = n - (before.byEndpoint[endpoint] ?? 0);
        if (delta > 0 && endpoint.startsWith('polygon.')) byEndpoint[endpoint] = delta;
      }
      const key = system.secrets.polygonApiKey;
      return { calls: (now.byKey[key] ?? 0) - (before.byKey[key] ?? 0), byEndpoint };
    },
  };
}
