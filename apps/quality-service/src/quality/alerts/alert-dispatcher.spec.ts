import { countFindings, qualityFinding } from '@mdi/domain';
import { AlertChannel, MetricsService, type AlertChannelOptions } from '@mdi/platform';
import { startWebhookReceiver } from '@mdi/testing';
import type { StoredReport } from '../report/stored-report';
import { AlertDispatcher } from './alert-dispatcher';

const findings = Array.from({ length: 60 }, (_, i) =>
  qualityFinding('zero_volume', 'AAA', `2024-10-${String((i % 28) + 1).padStart(2, '0')}`, 'volume 0'),
);
const report = (alertLevel: 0 | 1 | 2 | null): StoredReport => ({
  runId: 'run-1',
  trigger: 'manual',
  startedAt: '2024-11-27T15:00:00.000Z',
  finishedAt: '2024-11-27T15:00:01.000Z',
  ...(alertLevel === null ? { outcome: 'nothing_checked', reason: 'no bars stored yet' } : { outcome: 'checked' }),
  alertLevel,
  counts: { ...countFindings([]), zero_volume: 60 },
  symbolsChecked: 1,
  barsChecked: 100,
  expectedBars: 100,
  symbolsOverMissingThresholdCount: 0,
  symbolsOverMissingThreshold: [],
  findings,
});

/** A dispatcher on a real AlertChannel whose error lines are recorded, and its metrics. */
function dispatcherWith(options: Omit<AlertChannelOptions, 'serviceName'>) {
  const lines: { fields: Record<string, unknown>; message: string }[] = [];
  const metrics = new MetricsService();
  const channel = new AlertChannel(
    { serviceName: 'quality-service', ...options },
    { error: (fields, message) => lines.push({ fields, message }) },
    metrics,
  );
  const alerted = async () =>
    (await metrics.registry.getSingleMetricAsString('mdi_alerts_total'))
      .split('\n')
      .filter((l) => l.startsWith('mdi_alerts_total{'));
  return { dispatcher: new AlertDispatcher(channel), lines, alerted };
}

describe('quality alerts on the system alert path', () => {
  it('logs an error line, counts the alert and retries a failing webhook in the background until it accepts', async () => {
    const hook = await startWebhookReceiver([503, 500, 204]);
    const { dispatcher, lines, alerted } = dispatcherWith({ webhookUrl: hook.url, delivery: { backoffMs: 50 } });
    try {
      // The delivery is handed back pending: nothing has reached the webhook yet,
      // so the quality run that raised it is not held up by a slow or failing receiver.
      const delivery = (await dispatcher.dispatch(report(2)))?.delivery;
      expect(delivery).toBeInstanceOf(Promise);
      expect(hook.bodies).toHaveLength(0);
      await expect(delivery).resolves.toEqual({ delivered: true, attempts: 3 });
      expect(hook.bodies).toHaveLength(3);
      expect(hook.bodies[2]).toMatchObject({
        service: 'quality-service',
        kind: 'quality-report',
        severity: 'critical',
        key: 'quality:run:run-1',
        summary: 'quality alert level 2 (critical) for run run-1: 60 zero_volume',
        runId: 'run-1',
        alertLevel: 2,
        status: 'critical',
        omittedFindings: 10,
      });
      expect(hook.bodies[2].findings).toHaveLength(50);
      expect(lines.map((l) => l.message)).toEqual([
        'ALERT quality-report: quality alert level 2 (critical) for run run-1: 60 zero_volume',
      ]);
      expect(lines[0].fields).toMatchObject({
        alert_kind: 'quality-report',
        severity: 'critical',
        success: false,
        runId: 'run-1',
      });
      expect(await alerted()).toEqual(['mdi_alerts_total{kind="quality-report",severity="critical"} 1']);
    } finally {
      await hook.close();
    }
  });

  it('gives up after the last attempt and logs the failure without the URL', async () => {
    const hook = await startWebhookReceiver([500]);
    const { dispatcher, lines } = dispatcherWith({
      webhookUrl: `${hook.url}?token=s3cret`,
      delivery: { backoffMs: 10, attempts: 3 },
    });
    try {
      const outcome = await (await dispatcher.dispatch(report(1)))?.delivery;
      expect(outcome).toEqual({ delivered: false, attempts: 3, reason: 'HTTP 500' });
      expect(hook.bodies).toHaveLength(3);
      expect(lines.map((l) => l.message)).toEqual([
        'ALERT quality-report: quality alert level 1 (warning) for run run-1: 60 zero_volume',
        'alert not delivered to the webhook after 3 attempts: HTTP 500',
      ]);
      expect(JSON.stringify(lines)).not.toContain('s3cret');
    } finally {
      await hook.close();
    }
  });

  it('survives a receiver that is not there', async () => {
    const hook = await startWebhookReceiver([200]);
    await hook.close();
    const { dispatcher, lines } = dispatcherWith({ webhookUrl: hook.url, delivery: { backoffMs: 1, attempts: 2 } });
    await dispatcher.dispatch(report(1));
    await dispatcher.drain();
    expect(lines).toHaveLength(2);
    expect(lines[1].message).toMatch(/not delivered to the webhook after 2 attempts: fetch failed/);
  });

  it('without a webhook the alert is the error line and the metric', async () => {
    const { dispatcher, lines, alerted } = dispatcherWith({});
    expect(await dispatcher.dispatch(report(1))).toEqual({ delivery: null });
    expect(lines).toHaveLength(1);
    expect(lines[0].message).toBe(
      'ALERT quality-report: quality alert level 1 (warning) for run run-1: 60 zero_volume',
    );
    expect(lines[0].fields).toMatchObject({ runId: 'run-1', omittedFindings: 10 });
    expect(await alerted()).toEqual(['mdi_alerts_total{kind="quality-report",severity="warning"} 1']);
  });

  it('alerts a key once per repeat interval, and not at all when another replica claimed it', async () => {
    const { dispatcher, lines } = dispatcherWith({ repeatAfterMs: 60_000 });
    await dispatcher.dispatch(report(1));
    await dispatcher.dispatch(report(1));
    expect(lines).toHaveLength(1);

    const metrics = new MetricsService();
    const claimedElsewhere: string[] = [];
    const channel = new AlertChannel(
      { serviceName: 'quality-service' },
      { error: (_f, message) => claimedElsewhere.push(message) },
      metrics,
    );
    channel.useClaim(async () => false);
    expect(
      await channel.raise({ kind: 'job-failed', severity: 'warning', key: 'polygon:job:x', summary: 'x' }),
    ).toBeNull();
    expect(claimedElsewhere).toEqual([]);
  });

  it('sends nothing for an ok report, nor for a run that had nothing to check', async () => {
    const hook = await startWebhookReceiver([200]);
    const { dispatcher, lines } = dispatcherWith({ webhookUrl: hook.url });
    try {
      expect(await dispatcher.dispatch(report(0))).toBeNull();
      expect(await dispatcher.dispatch(report(null))).toBeNull();
      await dispatcher.drain();
      expect(hook.bodies).toEqual([]);
      expect(lines).toEqual([]);
    } finally {
      await hook.close();
    }
  });
});
