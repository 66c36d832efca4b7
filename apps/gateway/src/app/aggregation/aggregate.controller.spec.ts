import { startServiceHarness, type ServiceHarness } from '@mdi/testing';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { serviceDefinition } from '../service-definition';

type Behaviour = 'ready' | 'unready' | 'hang';

const CACHE_MS = 200;

interface StandIn {
  readonly url: string;
  behaviour: Behaviour;
  /** Requests it received, by path. */
  readonly hits: Map<string, number>;
  close(): Promise<void>;
}

/** A downstream stand-in that answers like one of our services (or hangs), on a real port. */
async function startStandIn(name: string, behaviour: Behaviour, port = 0): Promise<StandIn> {
  const hits = new Map<string, number>();
  const standIn = { behaviour } as { behaviour: Behaviour };
  const server: Server = createServer((req, res) => {
    hits.set(req.url ?? '', (hits.get(req.url ?? '') ?? 0) + 1);
    if (standIn.behaviour === 'hang') return; // never answers
    res.setHeader('content-type', 'application/json');
    if (req.url === '/health/ready') {
      const ready = standIn.behaviour === 'ready';
      res.statusCode = ready ? 200 : 503;
      res.end(
        JSON.stringify(
          ready
            ? { status: 'ok' }
            : {
                status: 'error',
                error: {
                  postgres: { status: 'down', message: 'PostgreSQL unreachable: connect ECONNREFUSED 10.1.2.3:5432' },
                },
              },
        ),
      );
    } else if (req.url === '/status') {
      res.end(JSON.stringify(statusOf(name)));
    } else if (req.url === '/account') {
      res.end(
        JSON.stringify({
          status: 'ACTIVE',
          currency: 'USD',
          equity: '100000.5',
          cash: '2500',
          buyingPower: '5000',
          portfolioValue: '100000.5',
          capturedAt: '2025-11-24T21:00:00.000Z',
          accountNumber: 'PA000',
        }),
      );
    } else {
      res.statusCode = 404;
      res.end('{}');
    }
  });
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  return Object.assign(standIn, {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    hits,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  }) as StandIn;
}

function statusOf(name: string): Record<string, unknown> {
  switch (name) {
    case 'polygon-ingestor':
      return {
        service: name,
        version: '0.1.0',
        universe: { total: 100, active: 97, suspended: 1, delisted: 2 },
        endOfDay: { lastDate: '2025-11-21', lastPublishedSession: '2025-11-24' },
        freshness: {
          lastCompletedSession: '2025-11-24',
          newestStored: '2025-11-21',
          symbols: 97,
          symbolsCurrent: 0,
          symbolsBehind: 97,
          behind: [],
        },
        backfill: {
          enabled: true,
          running: 1,
          current: { id: 3, status: 'running', percent: 40, eta: '1m 30s' },
          recent: [],
        },
        budget: { callsPerWindow: 4, windowMs: 60000, usedInCurrentWindow: 1, resetsInMs: 14000, paused: null },
        queue: { waiting: 60, delayed: 0, active: 1, failed: 2, completed: 40, prioritized: 0 },
        circuit: 'closed',
      };
    case 'alpaca-monitor':
      return {
        service: name,
        version: '0.1.0',
        trading: 'paper',
        stale: false,
        calls: { budgetPerWindow: 180, usedInCurrentWindow: 3 },
        circuit: { state: 'closed' },
        queue: { waiting: 0, failed: 0 },
      };
    default:
      return {
        service: name,
        version: '0.1.0',
        lastScheduledSlot: null,
        latestReport: {
          runId: 'r1',
          outcome: 'checked',
          alertLevel: 1,
          counts: { missing_bar: 3 },
          finishedAt: '2025-11-24T22:00:00.000Z',
        },
      };
  }
}

describe('gateway health and status', () => {
  let harness: ServiceHarness;
  let ingestor: StandIn;
  let monitor: StandIn;
  let quality: StandIn;

  beforeAll(async () => {
    ingestor = await startStandIn('polygon-ingestor', 'ready');
    monitor = await startStandIn('alpaca-monitor', 'ready');
    quality = await startStandIn('quality-service', 'ready');
    harness = await startServiceHarness(serviceDefinition, {
      POLYGON_INGESTOR_URL: ingestor.url,
      ALPACA_MONITOR_URL: monitor.url,
      QUALITY_SERVICE_URL: quality.url,
      GATEWAY_HEALTH_CACHE_MS: String(CACHE_MS),
      GATEWAY_STATUS_CACHE_MS: String(CACHE_MS),
      GATEWAY_PROBE_TIMEOUT_MS: '800',
    });
  }, 60_000);

  afterAll(async () => {
    await harness?.close();
    await Promise.all([ingestor, monitor, quality].map((s) => s?.close()));
  });

  const settle = () => new Promise((resolve) => setTimeout(resolve, 250));

  it('answers 200 when every service and Redis is ready', async () => {
    const { status, body } = await harness.get('/health');
    expect(status).toBe(200);
    expect(body).toMatchObject({
      status: 'ok',
      services: {
        'polygon-ingestor': { state: 'up' },
        'alpaca-monitor': { state: 'up' },
        'quality-service': { state: 'up' },
      },
      redis: { state: 'up' },
    });
    expect(body.ageMs).toBeGreaterThanOrEqual(0);
  });

  it('answers 503 naming an unready service and its failed check, without hosts or messages', async () => {
    monitor.behaviour = 'unready';
    try {
      await settle();
      const { status, body } = await harness.get('/health');
      expect(status).toBe(503);
      expect(body.status).toBe('degraded');
      expect(body.services['alpaca-monitor']).toEqual({ state: 'down', reason: 'not ready: postgres down' });
      expect(JSON.stringify(body)).not.toMatch(/127\.0\.0\.1|10\.1\.2\.3|ECONNREFUSED/);
    } finally {
      monitor.behaviour = 'ready';
    }
  });

  it('answers 503 for a stopped service, with a reason that names no address', async () => {
    await quality.close();
    try {
      await settle();
      const { status, body } = await harness.get('/health');
      expect(status).toBe(503);
      expect(body.services['quality-service']).toEqual({ state: 'down', reason: 'connection refused (not running?)' });
      expect(JSON.stringify(body)).not.toContain(quality.url);
    } finally {
      quality = await restartOn(quality.url, 'quality-service');
    }
  });

  it('marks a hung service down within 2 s and never hangs itself', async () => {
    ingestor.behaviour = 'hang';
    try {
      await settle();
      const started = Date.now();
      const { status, body } = await harness.get('/health');
      expect(Date.now() - started).toBeLessThan(2000);
      expect(status).toBe(503);
      expect(body.services['polygon-ingestor']).toEqual({ state: 'down', reason: 'no answer within 800 ms' });
      const statusStarted = Date.now();
      const doc = await harness.get('/status');
      expect(Date.now() - statusStarted).toBeLessThan(2000);
      expect(doc.status).toBe(200);
      expect(doc.body.services['polygon-ingestor']).toEqual({
        state: 'unreachable',
        reason: 'no answer within 800 ms',
        version: null,
      });
      expect(doc.body.universe).toBeNull();
    } finally {
      ingestor.behaviour = 'ready';
    }
  });

  it('probes each service at most once per cache period, however many requests come in', async () => {
    await settle();
    const before = ingestor.hits.get('/health/ready') ?? 0;
    const started = Date.now();
    const answers = await Promise.all(Array.from({ length: 50 }, () => harness.get('/health')));
    const periods = Math.floor((Date.now() - started) / CACHE_MS) + 1;
    expect(answers.every((a) => a.status === 200)).toBe(true);
    // One round per cache period the 50 requests spanned (one, unless the machine is slow), never one per request.
    const probes = (ingestor.hits.get('/health/ready') ?? 0) - before;
    expect(probes).toBeGreaterThanOrEqual(1);
    expect(probes).toBeLessThanOrEqual(periods);
  });

  it('serves one status document with every part from its owner, each stating its age', async () => {
    await settle();
    const { status, body } = await harness.get('/status');
    expect(status).toBe(200);
    expect(body).toMatchObject({
      service: 'gateway',
      version: expect.stringMatching(/^\d+\.\d+\.\d+/),
      services: {
        'polygon-ingestor': { state: 'up', version: '0.1.0' },
        'alpaca-monitor': { state: 'up' },
        'quality-service': { state: 'up' },
      },
      universe: { active: 97, delisted: 2, suspended: 1, ageMs: expect.any(Number) },
      freshness: {
        lastCompletedSession: '2025-11-24',
        newestStored: '2025-11-21',
        symbolsBehind: 97,
        lastEndOfDay: '2025-11-21',
        ageMs: expect.any(Number),
      },
      backfill: { current: { id: 3, eta: '1m 30s' }, ageMs: expect.any(Number) },
      budgets: {
        polygon: { callsPerWindow: 4, usedInCurrentWindow: 1, circuit: 'closed' },
        alpaca: { budgetPerWindow: 180, circuit: 'closed' },
      },
      queues: { polygon: { waiting: 60, failed: 2 }, alpaca: { waiting: 0 } },
      failedJobs: { polygon: 2, alpaca: 0 },
      quality: { latestReport: { alertLevel: 1, counts: { missing_bar: 3 } } },
      account: {
        trading: 'paper',
        stale: false,
        snapshot: { equity: '100000.5', capturedAt: '2025-11-24T21:00:00.000Z' },
      },
    });
    expect(body.account.snapshot.accountNumber).toBeUndefined();
  });
});

/** The stopped stand-in again, on its old port, so the gateway's configured URL works again. */
function restartOn(url: string, name: string): Promise<StandIn> {
  return startStandIn(name, 'ready', Number(new URL(url).port));
}
