import { startService } from '@mdi/platform';
import {
  createTestDatabase,
  eventually,
  removeRedisKeys,
  TEST_SERVICE_TOKEN,
  type ProviderSimulator,
  type TestDatabase,
} from '@mdi/testing';
import type { INestApplication } from '@nestjs/common';
import { randomBytes } from 'node:crypto';
import { serviceDefinition } from '../app/service-definition';
import { Clock } from '../core/clock';

export const REDIS_URL = 'redis://127.0.0.1:6379';
/** A Monday; the simulator freezes at 20:00 ET of it. */
export const SIM_TODAY = '2025-11-24';
/** 20:00 ET on SIM_TODAY (EST: UTC-5). */
export const SIM_EVENING = '2025-11-25T01:00:00.000Z';
export const SIM_KEY = 'sim-polygon-key';

export interface IngestorHarness {
  readonly app: INestApplication;
  readonly baseUrl: string;
  readonly db: TestDatabase;
  readonly env: Record<string, string>;
  readonly clock: Clock;
  // Test answers are read field by field; `any` keeps the assertions short.
  /** Sends the service token (INTERNAL_API_TOKEN) unless `token` is null or another one. */
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  request(method: string, path: string, body?: unknown, token?: string | null): Promise<{ status: number; body: any }>;
  /** One number from SQL, e.g. count(*). */
  scalar(sql: string, params?: unknown[]): Promise<number>;
  close(): Promise<void>;
}

/** The environment of one ingestor against the simulator: budget 4 per second (the simulator allows 5). */
export function ingestorEnv(
  sim: ProviderSimulator,
  db: TestDatabase,
  overrides: Record<string, string> = {},
): Record<string, string> {
  const id = randomBytes(4).toString('hex');
  return {
    DATABASE_URL: db.url,
    REDIS_URL,
    PORT: '0',
    LOG_LEVEL: 'silent',
    POLYGON_API_KEY: SIM_KEY,
    INTERNAL_API_TOKEN: TEST_SERVICE_TOKEN,
    POLYGON_BASE_URL: sim.url,
    // Used only when a backfill source is alpaca (HISTORICAL_DATA_SOURCE / BACKFILL_SECONDARY_SOURCE).
    ALPACA_DATA_BASE_URL: sim.url,
    POLYGON_RATE_LIMIT_PER_MINUTE: '4',
    POLYGON_RATE_WINDOW_MS: '1000',
    DATA_INGESTION_MAX_RETRIES: '2',
    QUEUE_PREFIX: `pi-test-${id}`,
    CACHE_KEY_PREFIX: `pi-test-${id}:`,
    CLOCK_FIXED_AT: SIM_EVENING,
    EOD_CRON: 'off',
    GAP_REPAIR_CRON: 'off',
    CORPORATE_ACTIONS_CRON: 'off',
    REFERENCE_SYNC_CRON: 'off',
    ...overrides,
  };
}

/** Boots the real app in this process against its own database and Redis key prefixes. */
export async function startIngestor(
  sim: ProviderSimulator,
  overrides: Record<string, string> = {},
  existingDb?: TestDatabase,
): Promise<IngestorHarness> {
  const db = existingDb ?? (await createTestDatabase());
  const env = ingestorEnv(sim, db, overrides);
  const app = await startService(serviceDefinition, env);
  const baseUrl = (await app.getUrl()).replace('[::1]', '127.0.0.1');
  return {
    app,
    baseUrl,
    db,
    env,
    clock: app.get(Clock),
    async request(method, path, body, token = env['INTERNAL_API_TOKEN']) {
      const headers: Record<string, string> = token === null ? {} : { authorization: `Bearer ${token}` };
      if (body !== undefined) headers['content-type'] = 'application/json';
      const response = await fetch(`${baseUrl}${path}`, {
        method,
        headers,
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      const text = await response.text();
      let parsed: unknown = text;
      try {
        parsed = JSON.parse(text);
      } catch {
        // plain text answers stay text
      }
      return { status: response.status, body: parsed };
    },
    async scalar(sql, params = []) {
      const [row] = await db.dataSource.query(sql, params);
      return Number(Object.values(row as Record<string, unknown>)[0]);
    },
    async close() {
      await app.close();
      await removeRedisKeys([`${env['QUEUE_PREFIX']}:*`, `${env['CACHE_KEY_PREFIX']}*`]);
      if (!existingDb) await db.drop();
    },
  };
}

/** Deletes a test run's queue and cache keys (never anything else): the shared helper of @mdi/testing. */
export { removeRedisKeys };

/** Polygon calls the simulator counted since its last reset, by endpoint id. */
export async function polygonCalls(
  sim: ProviderSimulator,
): Promise<{ total: number; range: number; grouped: number; rateLimited: number; byEndpoint: Record<string, number> }> {
  const stats = (await sim.stats()).sinceReset;
  const byEndpoint = Object.fromEntries(Object.entries(stats.byEndpoint).filter(([id]) => id.startsWith('polygon.')));
  return {
    total: stats.byProvider['polygon'] ?? 0,
    range: byEndpoint['polygon.aggs.range'] ?? 0,
    grouped: byEndpoint['polygon.aggs.grouped'] ?? 0,
    rateLimited: stats.rateLimited,
    byEndpoint,
  };
}

/** Polls GET /backfill/runs/:id until the run is no longer running; its progress then. */
export async function runEnded(
  ingestor: IngestorHarness,
  runId: number,
  timeoutMs = 90_000,
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- progress answers are read field by field in tests
): Promise<any> {
  return eventually(
    async () => {
      const run = (await ingestor.request('GET', `/backfill/runs/${runId}`)).body;
      return run.status === 'running' ? null : run;
    },
    `backfill run ${runId} to end`,
    timeoutMs,
  );
}
