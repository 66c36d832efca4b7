import { startProviderSimulator, type ProviderSimulator } from '@mdi/testing';
import { freePort } from './free-port';
import { migrate } from './migrate';
import { startPrivatePostgres, type PrivatePostgres } from './private-postgres';
import { startPrivateRedis, type PrivateRedis } from './private-redis';
import { newSecrets, type SystemSecrets } from './secrets';
import { launchService, type ServiceInstance, type ServiceName } from './service-launcher';
import { sql } from './sql';
import {
  AUDIT_POLYGON_KEY,
  gatewayEnv,
  ingestorEnv,
  monitorEnv,
  qualityEnv,
  SIM_TODAY,
  type Endpoints,
  type Tuning,
} from './system-env';

export interface SystemOptions {
  /** Processes per service (default 1 each; the alpaca-monitor 2, its deployment shape). */
  readonly replicas?: Partial<Record<ServiceName, number>>;
  readonly polygonCallsPerSecond?: number;
  /** The services' LOG_LEVEL (default warn). */
  readonly logLevel?: string;
}

export interface FaultSystem {
  readonly postgres: PrivatePostgres;
  readonly redis: PrivateRedis;
  /** Plays Polygon with a frozen "today" (SIM_TODAY) so the backfill window is fixed. */
  readonly polygon: ProviderSimulator;
  /** Plays Alpaca on the real clock (fills are timed by it). */
  readonly alpaca: ProviderSimulator;
  readonly secrets: SystemSecrets;
  readonly services: Readonly<Record<ServiceName, ServiceInstance[]>>;
  all(): ServiceInstance[];
  sql<T = Record<string, unknown>>(text: string, params?: unknown[]): Promise<T[]>;
  /** Stops every process, then removes PostgreSQL's data directory; safe to call after a partial start. */
  stop(): Promise<void>;
}

/**
 * A whole private system: PostgreSQL and Redis of its own on free ports, the
 * migrations applied, two simulators, and every service as its own process.
 * Gateway n talks to replica n of each service (modulo their counts), so two
 * gateways reach two different ingestors. Whatever started is stopped when
 * the start fails half-way.
 */
export async function startSystem(options: SystemOptions = {}): Promise<FaultSystem> {
  const count = (name: ServiceName) => options.replicas?.[name] ?? (name === 'alpaca-monitor' ? 2 : 1);
  const tuning: Tuning = {
    polygonCallsPerSecond: options.polygonCallsPerSecond ?? 4,
    logLevel: options.logLevel ?? 'warn',
  };
  const secrets = newSecrets();
  const services: Record<ServiceName, ServiceInstance[]> = {
    'polygon-ingestor': [],
    'alpaca-monitor': [],
    'quality-service': [],
    gateway: [],
  };
  const cleanups: Array<() => Promise<void>> = [];
  const stop = async () => {
    const errors: unknown[] = [];
    for (const cleanup of cleanups.reverse()) await cleanup().catch((error: unknown) => errors.push(error));
    cleanups.length = 0;
    if (errors.length > 0) throw new Error(`stopping the system: ${errors.map(String).join('; ')}`);
  };
  const owned = <T>(value: T, cleanup: (value: T) => Promise<void>) => {
    cleanups.push(() => cleanup(value));
    return value;
  };

  try {
    const [postgres, redis, polygon, alpaca] = await Promise.all([
      startPrivatePostgres().then((pg) => owned(pg, (p) => p.remove())),
      startPrivateRedis().then((r) => owned(r, (r_) => r_.stop())),
      startProviderSimulator({
        seed: 5,
        symbols: 100,
        today: SIM_TODAY,
        polygonKeys: [secrets.polygonApiKey, AUDIT_POLYGON_KEY],
        polygonRateLimit: 5,
        rateWindowMs: 1000,
      }).then((s) => owned(s, (s_) => s_.stop())),
      startProviderSimulator({
        symbols: 120,
        alpacaKeys: [{ keyId: secrets.alpacaKeyId, secret: secrets.alpacaSecretKey }],
        alpacaRateLimit: 0,
      }).then((s) => owned(s, (s_) => s_.stop())),
    ]);
    await migrate(postgres.url);
    const endpoints: Endpoints = {
      databaseUrl: postgres.url,
      redisUrl: redis.url,
      polygonUrl: polygon.url,
      alpacaUrl: alpaca.url,
    };
    const launch = async (name: ServiceName, env: Record<string, string>) => {
      const instances = await Promise.all(
        Array.from({ length: count(name) }, async (_, index) => {
          const instance = await launchService(name, `${name}#${index + 1}`, await freePort(), env);
          return owned(instance, (i) => i.stop());
        }),
      );
      services[name].push(...instances);
    };
    // The ingestor first: its start-up seeds the universe, which replicas would otherwise race for (harmless, but slower).
    await launch('polygon-ingestor', ingestorEnv(endpoints, secrets, tuning));
    await Promise.all([
      launch('alpaca-monitor', monitorEnv(endpoints, secrets, tuning)),
      launch('quality-service', qualityEnv(endpoints, secrets, tuning)),
    ]);
    const pick = (name: ServiceName, index: number) => services[name][index % services[name].length].url;
    const gateways = await Promise.all(
      Array.from({ length: count('gateway') }, async (_, index) => {
        const env = gatewayEnv(endpoints, secrets, tuning, {
          ingestor: pick('polygon-ingestor', index),
          monitor: pick('alpaca-monitor', index),
          quality: pick('quality-service', index),
        });
        return owned(await launchService('gateway', `gateway#${index + 1}`, await freePort(), env), (i) => i.stop());
      }),
    );
    services.gateway.push(...gateways);
    return {
      postgres,
      redis,
      polygon,
      alpaca,
      secrets,
      services,
      all: () => Object.values(services).flat(),
      sql: (text, params) => sql(postgres.url, text, params),
      stop,
    };
  } catch (error) {
    await stop().catch(() => undefined);
    throw error;
  }
}
