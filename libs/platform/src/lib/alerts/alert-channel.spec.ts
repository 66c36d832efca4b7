import { MetricsService } from '../metrics/metrics.service';
import { AlertChannel } from './alert-channel';
import type { SystemAlert } from './system-alert';

const stalled = (run: number): SystemAlert => ({
  kind: 'backfill-stalled',
  severity: 'critical',
  summary: `backfill run #${run} stalled`,
  key: `backfill:run:${run}:stalled`,
});

describe('AlertChannel repeat rule', () => {
  it('raises a key once per repeat interval, again after it, and remembers only keys raised within the interval', async () => {
    const lines: string[] = [];
    const metrics = new MetricsService();
    let now = 1_000_000;
    const channel = new AlertChannel(
      { serviceName: 'polygon-ingestor', repeatAfterMs: 200, clock: () => now },
      { error: (_fields, message) => lines.push(message) },
      metrics,
    );

    for (let run = 1; run <= 50; run++) expect(await channel.raise(stalled(run))).toEqual({ delivery: null });
    expect(await channel.raise(stalled(1))).toBeNull();
    expect(channel.rememberedKeys).toBe(50);
    expect(lines).toHaveLength(50);

    now += 199;
    expect(await channel.raise(stalled(2))).toBeNull();
    now += 1;
    // Past the interval: the same key is raised again, and the 49 other expired keys are forgotten.
    expect(await channel.raise(stalled(1))).toEqual({ delivery: null });
    expect(channel.rememberedKeys).toBe(1);
    expect(lines).toHaveLength(51);
    expect(await metrics.registry.getSingleMetricAsString('mdi_alerts_total')).toContain(
      'mdi_alerts_total{kind="backfill-stalled",severity="critical"} 51',
    );
  });
});
