/**
 * The system the gateway benchmark loads, in a process of its own (so the
 * load generator does not share its event loop): the three services against
 * the simulator and one database, each behind a counting proxy, and two
 * gateways in front of the proxies: `shared` (the defaults: probes and
 * status collections shared by all requests) and `per-request` (cache 0:
 * every request fans out to the services, as the gateway did before).
 * Prints one JSON line with the URLs; GET <control>/hits answers the
 * requests each service received.
 */
import 'reflect-metadata';
import '../libs/providers/src/bin/polygon-esm-resolution';
import { startService, type ServiceDefinition } from '@mdi/platform';
import type { BaseServiceConfig } from '@mdi/platform';
import { createServer, request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { serviceDefinition as alpacaMonitor } from '../apps/alpaca-monitor/src/app/service-definition';
import { serviceDefinition as gateway } from '../apps/gateway/src/app/service-definition';
import { serviceDefinition as polygonIngestor } from '../apps/polygon-ingestor/src/app/service-definition';
import { serviceDefinition as qualityService } from '../apps/quality-service/src/app/service-definition';

const env = (name: string): string => {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is required`);
  return value;
};

async function listen(server: Server): Promise<string> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

/** A reverse proxy that counts what passes through it. */
async function countingProxy(target: string, hits: Map<string, number>, name: string): Promise<string> {
  const { hostname, port } = new URL(target);
  const server = createServer((req, res) => {
    hits.set(name, (hits.get(name) ?? 0) + 1);
    const upstream = request({ hostname, port, path: req.url, method: req.method, headers: req.headers }, (answer) => {
      res.writeHead(answer.statusCode ?? 502, answer.headers);
      answer.pipe(res);
    });
    upstream.on('error', () => {
      res.writeHead(502);
      res.end();
    });
    req.pipe(upstream);
  });
  server.keepAliveTimeout = 5_000;
  return listen(server);
}

async function start<C extends BaseServiceConfig>(
  definition: ServiceDefinition<C>,
  vars: Record<string, string>,
): Promise<string> {
  const app = await startService(definition, { ...common(), ...vars, PORT: '0' });
  return (await app.getUrl()).replace('[::1]', '127.0.0.1');
}

function common(): Record<string, string> {
  return {
    DATABASE_URL: env('DATABASE_URL'),
    REDIS_URL: env('REDIS_URL'),
    LOG_LEVEL: 'warn',
    INTERNAL_API_TOKEN: env('INTERNAL_API_TOKEN'),
    QUEUE_PREFIX: env('QUEUE_PREFIX'),
    CACHE_KEY_PREFIX: `${env('QUEUE_PREFIX')}:`,
  };
}

async function main(): Promise<void> {
  const sim = env('SIM_URL');
  const hits = new Map<string, number>();
  const services = {
    'polygon-ingestor': await start(polygonIngestor, {
      POLYGON_API_KEY: 'sim-polygon-key',
      POLYGON_BASE_URL: sim,
      ENABLE_HISTORICAL_BACKFILL: 'false',
      EOD_CRON: 'off',
    }),
    'alpaca-monitor': await start(alpacaMonitor, {
      ALPACA_API_KEY: 'sim-alpaca-key',
      ALPACA_SECRET_KEY: 'sim-alpaca-secret',
      ALPACA_BASE_URL: sim,
    }),
    'quality-service': await start(qualityService, { QUALITY_SCHEDULER_ENABLED: 'false' }),
  };
  const proxied: Record<string, string> = {};
  for (const [name, url] of Object.entries(services)) proxied[name] = await countingProxy(url, hits, name);
  const gatewayVars = (cacheMs: string) => ({
    POLYGON_INGESTOR_URL: proxied['polygon-ingestor'],
    ALPACA_MONITOR_URL: proxied['alpaca-monitor'],
    QUALITY_SERVICE_URL: proxied['quality-service'],
    GATEWAY_ADMIN_TOKEN: env('GATEWAY_ADMIN_TOKEN'),
    ...(cacheMs === 'default' ? {} : { GATEWAY_HEALTH_CACHE_MS: cacheMs, GATEWAY_STATUS_CACHE_MS: cacheMs }),
  });
  const gateways = {
    shared: await start(gateway, gatewayVars('default')),
    'per-request': await start(gateway, gatewayVars('0')),
  };
  const control = await listen(
    createServer((_req, res) => {
      res.setHeader('content-type', 'application/json');
      res.end(JSON.stringify(Object.fromEntries(hits)));
    }),
  );
  process.stdout.write(`${JSON.stringify({ gateways, control })}\n`);
}

main().catch((error) => {
  process.stderr.write(`gateway-load system failed: ${(error as Error).stack}\n`);
  process.exit(1);
});
