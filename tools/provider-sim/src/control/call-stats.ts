export interface Counters {
  calls: number;
  byProvider: Record<string, number>;
  byEndpoint: Record<string, number>;
  byKey: Record<string, number>;
  byStatus: Record<string, number>;
  /** Every 429 returned, whether from the limiter or from a 429 fault. */
  rateLimited: number;
  faults: Record<string, number>;
  /**
   * When the simulator received each call (epoch ms), the latest
   * MAX_ARRIVALS only: tests measure a client's spacing where the provider
   * would, not from their own polling.
   */
  arrivalsMs: number[];
}

const MAX_ARRIVALS = 10_000;

const emptyCounters = (): Counters => ({
  calls: 0,
  byProvider: {},
  byEndpoint: {},
  byKey: {},
  byStatus: {},
  rateLimited: 0,
  faults: {},
  arrivalsMs: [],
});

const bump = (map: Record<string, number>, key: string): void => {
  map[key] = (map[key] ?? 0) + 1;
};

/** Call counters since start-up and since the last reset. */
export class CallStats {
  private total = emptyCounters();
  private sinceReset = emptyCounters();
  private readonly startedAt = new Date().toISOString();
  private resetAt = this.startedAt;

  call(provider: string, endpoint: string, key: string): void {
    const at = Date.now();
    for (const c of [this.total, this.sinceReset]) {
      c.calls++;
      c.arrivalsMs.push(at);
      if (c.arrivalsMs.length > MAX_ARRIVALS) c.arrivalsMs.shift();
      bump(c.byProvider, provider);
      bump(c.byEndpoint, endpoint);
      bump(c.byKey, key);
    }
  }

  status(code: number): void {
    for (const c of [this.total, this.sinceReset]) {
      bump(c.byStatus, String(code));
      if (code === 429) c.rateLimited++;
    }
  }

  fault(kind: string): void {
    for (const c of [this.total, this.sinceReset]) bump(c.faults, kind);
  }

  reset(): void {
    this.sinceReset = emptyCounters();
    this.resetAt = new Date().toISOString();
  }

  snapshot() {
    return { startedAt: this.startedAt, resetAt: this.resetAt, total: this.total, sinceReset: this.sinceReset };
  }
}
