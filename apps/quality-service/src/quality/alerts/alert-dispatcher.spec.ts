import { countFindings, qualityFinding } from '@mdi/domain';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { StoredReport } from '../report/stored-report';
import { AlertDispatcher, type AlertLogger } from './alert-dispatcher';

const findings = Array.from({ length: 60 }, (_, i) => qualityFinding('zero_volume', 'AAA', `2024-10-${String((i % 28) + 1).padStart(2, '0')}`, 'volume 0'));
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

function recordingLogger() {
  const lines: { level: string; message: string; context?: Record<string, unknown> }[] = [];
  const logger: AlertLogger = {
    warn: (message, context) => lines.push({ level: 'warn', message, context }),
    error: (message, context) => lines.push({ level: 'error', message, context }),
  };
  return { logger, lines };
}

/** A real HTTP receiver that answers each POST with the next status of `statuses` (the last one repeats). */
async function receiver(statuses: number[]) {
  const bodies: unknown[] = [];
  const server: Server = createServer((req: IncomingMessage, res) => {
    let text = '';
    req.on('data', (chunk) => (text += chunk));
    req.on('end', () => {
      bodies.push(JSON.parse(text));
      res.statusCode = statuses[Math.min(bodies.length - 1, statuses.length - 1)];
      res.end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`;
  return { url, bodies, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}

describe('AlertDispatcher', () => {
  it('retries a failing webhook in the background until it accepts the alert', async () => {
    const hook = await receiver([503, 500, 204]);
    const { logger, lines } = recordingLogger();
    const dispatcher = new AlertDispatcher({ webhookUrl: hook.url, logger, delivery: { backoffMs: 50 } });
    try {
      // dispatch hands back a pending delivery at once: nothing has reached the webhook yet,
      // so the quality run that called it is not held up by a slow or failing receiver.
      const delivery = dispatcher.dispatch(report(2));
      expect(delivery).toBeInstanceOf(Promise);
      expect(hook.bodies).toHaveLength(0);
      await expect(delivery).resolves.toEqual({ delivered: true, attempts: 3 });
      expect(hook.bodies).toHaveLength(3);
      expect(hook.bodies[2]).toMatchObject({ service: 'quality-service', runId: 'run-1', alertLevel: 2, status: 'critical', omittedFindings: 10 });
      expect((hook.bodies[2] as { findings: unknown[] }).findings).toHaveLength(50);
      expect(lines).toEqual([]);
    } finally {
      await hook.close();
    }
  });

  it('gives up after the last attempt and logs the failure without the URL', async () => {
    const hook = await receiver([500]);
    const { logger, lines } = recordingLogger();
    const dispatcher = new AlertDispatcher({ webhookUrl: `${hook.url}?token=s3cret`, logger, delivery: { backoffMs: 10, attempts: 3 } });
    try {
      const outcome = await dispatcher.dispatch(report(1));
      expect(outcome).toEqual({ delivered: false, attempts: 3, reason: 'HTTP 500' });
      expect(hook.bodies).toHaveLength(3);
      expect(lines.map((l) => [l.level, l.message])).toEqual([['error', 'quality alert for run run-1 not delivered after 3 attempts: HTTP 500']]);
      expect(JSON.stringify(lines)).not.toContain('s3cret');
    } finally {
      await hook.close();
    }
  });

  it('survives a receiver that is not there', async () => {
    const hook = await receiver([200]);
    await hook.close();
    const { logger, lines } = recordingLogger();
    const dispatcher = new AlertDispatcher({ webhookUrl: hook.url, logger, delivery: { backoffMs: 1, attempts: 2 } });
    dispatcher.dispatch(report(1));
    await dispatcher.drain();
    expect(lines).toHaveLength(1);
    expect(lines[0].message).toMatch(/not delivered after 2 attempts: fetch failed/);
  });

  it('logs the alert when no webhook is configured', () => {
    const { logger, lines } = recordingLogger();
    expect(new AlertDispatcher({ logger }).dispatch(report(1))).toBeNull();
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatchObject({ level: 'warn', message: 'quality alert level 1 (warning) for run run-1' });
    expect(lines[0].context?.['alert']).toMatchObject({ runId: 'run-1', omittedFindings: 10 });
  });

  it('sends nothing for an ok report, nor for a run that had nothing to check', async () => {
    const hook = await receiver([200]);
    const { logger, lines } = recordingLogger();
    try {
      expect(new AlertDispatcher({ webhookUrl: hook.url, logger }).dispatch(report(0))).toBeNull();
      expect(new AlertDispatcher({ webhookUrl: hook.url, logger }).dispatch(report(null))).toBeNull();
      await new Promise((resolve) => setTimeout(resolve, 50));
      expect(hook.bodies).toEqual([]);
      expect(lines).toEqual([]);
    } finally {
      await hook.close();
    }
  });
});
