import { MetricsService } from './metrics.service';

describe('MetricsService', () => {
  it('registers every metric in its own registry, with its labels', async () => {
    const metrics = new MetricsService();
    metrics.providerCalls.inc({ provider: 'polygon', endpoint: 'grouped-daily', status: 'ok' });
    metrics.queueDepth.set({ queue: 'polygon', state: 'waiting' }, 3);
    metrics.ingestionDuration.observe({ kind: 'grouped-daily' }, 0.2);
    const text = await metrics.registry.metrics();
    expect(text).toContain('mdi_provider_api_calls_total{provider="polygon",endpoint="grouped-daily",status="ok"} 1');
    expect(text).toContain('mdi_queue_depth{queue="polygon",state="waiting"} 3');
    expect(text).toContain('mdi_ingestion_duration_seconds_count{kind="grouped-daily"} 1');
    for (const name of [
      'mdi_bars_ingested_total',
      'mdi_data_freshness_seconds',
      'mdi_cache_requests_total',
      'mdi_quality_issues_total',
      'mdi_alerts_total',
      'mdi_circuit_state',
    ]) {
      expect(text).toContain(`# TYPE ${name} `);
    }
  });

  it('keeps two instances apart: the same names in separate registries', () => {
    const [first, second] = [new MetricsService(), new MetricsService()];
    first.qualityIssues.inc({ check: 'stale' });
    expect(first.registry).not.toBe(second.registry);
    expect(second.registry.getSingleMetric('mdi_quality_issues_total')).toBe(second.qualityIssues);
  });
});
