import { startServiceHarness, type ServiceHarness } from '@mdi/testing';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { serviceDefinition } from '../service-definition';

/** A downstream service stand-in that answers like one of ours, on a real port. */
async function startDownstream(readyStatus: number): Promise<{ url: string; server: Server }> {
  const server = createServer((req, res) => {
    res.setHeader('content-type', 'application/json');
    if (req.url === '/health/ready') {
      res.statusCode = readyStatus;
      res.end(JSON.stringify({ status: readyStatus === 200 ? 'ok' : 'error' }));
    } else if (req.url === '/status') {
      res.end(JSON.stringify({ service: 'stand-in', lastRun: '2026-11-24' }));
    } else {
      res.statusCode = 404;
      res.end('{}');
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, server };
}

describe('gateway aggregation', () => {
  let harness: ServiceHarness;
  let healthy: { url: string; server: Server };
  let unready: { url: string; server: Server };

  beforeAll(async () => {
    healthy = await startDownstream(200);
    unready = await startDownstream(503);
    harness = await startServiceHarness(serviceDefinition, {
      POLYGON_INGESTOR_URL: healthy.url,
      ALPACA_MONITOR_URL: unready.url,
      // Nothing listens on port 9: the service is down.
      QUALITY_SERVICE_URL: 'http://127.0.0.1:9',
    });
  }, 60_000);

  afterAll(async () => {
    await harness?.close();
    healthy?.server.close();
    unready?.server.close();
  });

  it('reports each service, a silent one as down, and still answers 200 itself', async () => {
    const { status, body } = await harness.get('/health');
    expect(status).toBe(200);
    expect(body.status).toBe('degraded');
    expect(body.services['polygon-ingestor']).toMatchObject({ status: 'up', httpStatus: 200 });
    expect(body.services['alpaca-monitor']).toMatchObject({ status: 'down', httpStatus: 503 });
    expect(body.services['quality-service'].status).toBe('down');
    expect(body.services['quality-service'].reason).toMatch(/^no answer from http:\/\/127\.0\.0\.1:9\/health\/ready: /);
  });

  it('collects every service status, marking the unreachable one', async () => {
    const { status, body } = await harness.get('/status');
    expect(status).toBe(200);
    expect(body).toMatchObject({ service: 'gateway', pid: process.pid });
    expect(body.services['polygon-ingestor']).toEqual({
      reachable: true,
      httpStatus: 200,
      status: { service: 'stand-in', lastRun: '2026-11-24' },
    });
    expect(body.services['quality-service'].reachable).toBe(false);
  });
});
