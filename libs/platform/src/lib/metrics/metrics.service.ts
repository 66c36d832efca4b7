import { Injectable } from '@nestjs/common';
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

/**
 * The metrics every service may report (docs/ARCHITECTURE.md, Observability). One
 * registry per application instance, so tests that boot several apps in one
 * process do not collide on metric names.
 */
@Injectable()
export class MetricsService {
  readonly registry = new Registry();

  readonly providerCalls = this.counter(
    'mdi_provider_api_calls_total',
    'Calls made to an external provider, by provider, endpoint and outcome',
    ['provider', 'endpoint', 'status'],
  );

  readonly barsIngested = this.counter(
    'mdi_bars_ingested_total',
    'Bars written to market_data, by source and outcome (inserted, updated, unchanged, rejected)',
    ['source', 'outcome'],
  );

  readonly ingestionDuration = new Histogram({
    name: 'mdi_ingestion_duration_seconds',
    help: 'Wall time of one ingestion job, by job kind',
    labelNames: ['kind'] as const,
    buckets: [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60],
    registers: [this.registry],
  });

  readonly dataFreshness = this.gauge('mdi_data_freshness_seconds', 'Age of the newest stored bar per symbol', [
    'symbol',
  ]);

  readonly cacheRequests = this.counter(
    'mdi_cache_requests_total',
    'Redis cache lookups by result (hit, miss, error)',
    ['result'],
  );

  readonly qualityIssues = this.counter('mdi_quality_issues_total', 'Quality findings by check', ['check']);

  readonly alerts = this.counter(
    'mdi_alerts_total',
    'Alerts raised for a person (AlertChannel), by kind and severity',
    ['kind', 'severity'],
  );

  readonly queueDepth = this.gauge('mdi_queue_depth', 'Jobs in a queue by state', ['queue', 'state']);

  readonly circuitState = this.gauge('mdi_circuit_state', 'Provider circuit breaker: 0 closed, 1 half-open, 2 open', [
    'provider',
  ]);

  constructor() {
    collectDefaultMetrics({ register: this.registry, prefix: 'mdi_' });
  }

  /** A counter in this instance's registry. */
  private counter<L extends string>(name: string, help: string, labelNames: readonly L[]): Counter<L> {
    return new Counter({ name, help, labelNames, registers: [this.registry] });
  }

  /** A gauge in this instance's registry. */
  private gauge<L extends string>(name: string, help: string, labelNames: readonly L[]): Gauge<L> {
    return new Gauge({ name, help, labelNames, registers: [this.registry] });
  }
}
