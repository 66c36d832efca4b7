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

  readonly providerCalls = new Counter({
    name: 'mdi_provider_api_calls_total',
    help: 'Calls made to an external provider, by provider, endpoint and outcome',
    labelNames: ['provider', 'endpoint', 'status'] as const,
    registers: [this.registry],
  });

  readonly barsIngested = new Counter({
    name: 'mdi_bars_ingested_total',
    help: 'Bars written to market_data, by source and outcome (inserted, updated, unchanged, rejected)',
    labelNames: ['source', 'outcome'] as const,
    registers: [this.registry],
  });

  readonly ingestionDuration = new Histogram({
    name: 'mdi_ingestion_duration_seconds',
    help: 'Wall time of one ingestion job, by job kind',
    labelNames: ['kind'] as const,
    buckets: [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60],
    registers: [this.registry],
  });

  readonly dataFreshness = new Gauge({
    name: 'mdi_data_freshness_seconds',
    help: 'Age of the newest stored bar per symbol',
    labelNames: ['symbol'] as const,
    registers: [this.registry],
  });

  readonly cacheRequests = new Counter({
    name: 'mdi_cache_requests_total',
    help: 'Redis cache lookups by result (hit, miss, error)',
    labelNames: ['result'] as const,
    registers: [this.registry],
  });

  readonly qualityIssues = new Counter({
    name: 'mdi_quality_issues_total',
    help: 'Quality findings by check',
    labelNames: ['check'] as const,
    registers: [this.registry],
  });

  readonly alerts = new Counter({
    name: 'mdi_alerts_total',
    help: 'Alerts raised for a person (AlertChannel), by kind and severity',
    labelNames: ['kind', 'severity'] as const,
    registers: [this.registry],
  });

  readonly queueDepth = new Gauge({
    name: 'mdi_queue_depth',
    help: 'Jobs in a queue by state',
    labelNames: ['queue', 'state'] as const,
    registers: [this.registry],
  });

  readonly circuitState = new Gauge({
    name: 'mdi_circuit_state',
    help: 'Provider circuit breaker: 0 closed, 1 half-open, 2 open',
    labelNames: ['provider'] as const,
    registers: [this.registry],
  });

  constructor() {
    collectDefaultMetrics({ register: this.registry, prefix: 'mdi_' });
  }
}
