import type { INestApplication } from '@nestjs/common';
import { startService, type BaseServiceConfig, type ServiceDefinition } from '@mdi/platform';
import { startTcpProxy, type TcpProxy } from './tcp-proxy';
import { createTestDatabase, type TestDatabase } from './test-database';

/** The service token (INTERNAL_API_TOKEN) a harness gives its service unless the test sets another. */
export const TEST_SERVICE_TOKEN = 'test-internal-api-token-0123456789';

/** A service's HTTP answer; tests read its body field by field. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type HarnessAnswer = { status: number; body: any };

export interface ServiceHarness {
  readonly app: INestApplication;
  readonly baseUrl: string;
  /** The INTERNAL_API_TOKEN the service runs with. */
  readonly serviceToken: string;
  /** The service's own migrated database, reached directly (not through the proxy): for checking what it stored. */
  readonly database: TestDatabase;
  /** Sits between the service and PostgreSQL; cut it to simulate an outage. */
  readonly postgres: TcpProxy;
  /** Sits between the service and Redis; cut it to simulate an outage. */
  readonly redis: TcpProxy;
  get(path: string): Promise<HarnessAnswer>;
  /** Any method, with a JSON body when given; sends the service token unless `token` is null (or another one). */
  request(method: string, path: string, options?: { body?: unknown; token?: string | null }): Promise<HarnessAnswer>;
  close(): Promise<void>;
}

/**
 * Boots a real service in this process on a random port, against its own
 * freshly migrated database, with PostgreSQL and Redis reached through proxies.
 */
export async function startServiceHarness<C extends BaseServiceConfig>(
  definition: ServiceDefinition<C>,
  env: NodeJS.ProcessEnv = {},
): Promise<ServiceHarness> {
  const database = await createTestDatabase();
  const postgres = await startTcpProxy(5432);
  const redis = await startTcpProxy(6379);
  const databaseUrl = new URL(database.url);
  databaseUrl.port = String(postgres.port);
  const environment = { LOG_LEVEL: 'silent', INTERNAL_API_TOKEN: TEST_SERVICE_TOKEN, ...env };
  const serviceToken = String(environment.INTERNAL_API_TOKEN);
  const app = await startService(definition, {
    ...environment,
    DATABASE_URL: databaseUrl.toString(),
    REDIS_URL: `redis://127.0.0.1:${redis.port}`,
    PORT: '0',
  });
  const baseUrl = (await app.getUrl()).replace('[::1]', '127.0.0.1');
  const answer = async (response: Response) => {
    const text = await response.text();
    let body: unknown = text;
    try {
      body = JSON.parse(text);
    } catch {
      // metrics and other text answers stay text
    }
    return { status: response.status, body };
  };
  return {
    app,
    baseUrl,
    serviceToken,
    database,
    postgres,
    redis,
    async get(path: string) {
      return answer(await fetch(`${baseUrl}${path}`));
    },
    async request(method, path, options = {}) {
      const token = options.token === undefined ? serviceToken : options.token;
      const headers: Record<string, string> = token === null ? {} : { authorization: `Bearer ${token}` };
      if (options.body !== undefined) headers['content-type'] = 'application/json';
      const body = options.body === undefined ? undefined : JSON.stringify(options.body);
      return answer(await fetch(`${baseUrl}${path}`, { method, headers, body }));
    },
    async close() {
      await app.close();
      await postgres.close();
      await redis.close();
      await database.drop();
    },
  };
}
