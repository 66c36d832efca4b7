import type { MetricsService } from '@mdi/platform';
import { Counter } from 'prom-client';

export type CircuitStateName = 'closed' | 'half-open' | 'open' | 'isolated';

/** Gauge values of mdi_circuit_state (isolated is a manual open). */
const CIRCUIT_GAUGE: Record<CircuitStateName, number> = { closed: 0, 'half-open': 1, open: 2, isolated: 2 };

const REJECTED_ROWS = 'mdi_provider_rows_rejected_total';

/**
 * Provider metrics on the service's registry. The call counter's status label
 * is the HTTP status, or "network" when no response came back.
 */
export class ProviderMetrics {
  private readonly rejectedRows: Counter<'provider' | 'endpoint'>;

  constructor(private readonly metrics: MetricsService) {
    // Both provider modules may live in one app: share the counter.
    const existing = metrics.registry.getSingleMetric(REJECTED_ROWS);
    this.rejectedRows =
      (existing as Counter<'provider' | 'endpoint'> | undefined) ??
      new Counter({
        name: REJECTED_ROWS,
        help: 'Provider rows refused by validation, by provider and endpoint',
        labelNames: ['provider', 'endpoint'] as const,
        registers: [metrics.registry],
      });
  }

  call(provider: string, endpoint: string, status: number | null): void {
    this.metrics.providerCalls.inc({ provider, endpoint, status: status === null ? 'network' : String(status) });
  }

  rejected(provider: string, endpoint: string, count: number): void {
    if (count > 0) this.rejectedRows.inc({ provider, endpoint }, count);
  }

  circuit(provider: string, state: CircuitStateName): void {
    this.metrics.circuitState.set({ provider }, CIRCUIT_GAUGE[state]);
  }
}
