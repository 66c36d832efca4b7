import {
  createTestDatabase,
  removeRedisKeys as removeKeys,
  startProviderSimulator,
  startServiceProcess,
  TEST_SERVICE_TOKEN,
  type ProviderSimulator,
  type ServiceProcess,
  type TestDatabase,
} from '@mdi/testing';
import { randomBytes } from 'node:crypto';

/** A Monday; the simulator freezes at 20:00 ET of it, and so does the ingestor's clock. */
export const SIM_TODAY = '2025-11-24';
const SIM_EVENING = '2025-11-25T01:00:00.000Z';
const REDIS_URL = 'redis://127.0.0.1:6379';

/** The real polygon-ingestor and quality-service as processes against the simulator and one test database. */
export interface AdminTestServices {
  readonly sim: ProviderSimulator;
  readonly db: TestDatabase;
  readonly ingestor: ServiceProcess;
  readonly quality: ServiceProcess;
  readonly queuePrefix: string;
  stop(): Promise<void>;
}

export async function startAdminTestServices(): Promise<AdminTestServices> {
  const sim = await startProviderSimulator({
    seed: 3,
    symbols: 100,
    today: SIM_TODAY,
    polygonRateLimit: 5,
    rateWindowMs: 1000,
  });
  const db = await createTestDatabase();
  const queuePrefix = `gw-admin-${randomBytes(4).toString('hex')}`;
  const common = { DATABASE_URL: db.url, REDIS_URL, INTERNAL_API_TOKEN: TEST_SERVICE_TOKEN };
  const [ingestor, quality] = await Promise.all([
    startServiceProcess({
      entry: 'apps/polygon-ingestor/src/main.ts',
      preload: ['./libs/providers/src/bin/polygon-esm-resolution.ts'],
      env: {
        ...common,
        POLYGON_API_KEY: 'sim-polygon-key',
        POLYGON_BASE_URL: sim.url,
        POLYGON_RATE_LIMIT_PER_MINUTE: '4',
        POLYGON_RATE_WINDOW_MS: '1000',
        SEED_INITIAL_SYMBOLS: 'false',
        DATA_INGESTION_ACTIVE_SYMBOLS: 'AAPL,MSFT,NVDA',
        QUEUE_PREFIX: queuePrefix,
        CACHE_KEY_PREFIX: `${queuePrefix}:`,
        CLOCK_FIXED_AT: SIM_EVENING,
        EOD_CRON: 'off',
        GAP_REPAIR_CRON: 'off',
        CORPORATE_ACTIONS_CRON: 'off',
        REFERENCE_SYNC_CRON: 'off',
      },
    }),
    startServiceProcess({
      entry: 'apps/quality-service/src/main.ts',
      env: { ...common, QUALITY_SCHEDULER_ENABLED: 'false' },
    }),
  ]);
  return {
    sim,
    db,
    ingestor,
    quality,
    queuePrefix,
    async stop() {
      await Promise.all([ingestor.stop(), quality.stop()]);
      await sim.stop();
      await db.drop();
      await removeRedisKeys(`${queuePrefix}:*`);
    },
  };
}

export interface Answer {
  readonly status: number;
  readonly headers: Headers;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- JSON answers read field by field
  readonly body: any;
  readonly text: string;
}

/** Real HTTP; `init` as fetch's, answers parsed when they are JSON. */
export async function http(url: string, init: RequestInit = {}): Promise<Answer> {
  const response = await fetch(url, { redirect: 'manual', ...init });
  const text = await response.text();
  let body: unknown = text;
  try {
    body = JSON.parse(text);
  } catch {
    // HTML and empty answers stay text
  }
  return { status: response.status, headers: response.headers, body, text };
}

/** Deletes a test's Redis keys (its queue prefix, its failed-attempt counters), never anything else. */
export function removeRedisKeys(pattern: string): Promise<void> {
  return removeKeys([pattern], REDIS_URL);
}
