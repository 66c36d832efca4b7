import type { INestApplication } from '@nestjs/common';
import { startService, type BaseServiceConfig, type ServiceDefinition } from '@mdi/platform';
import { startTcpProxy, type TcpProxy } from './tcp-proxy';
import { createTestDatabase } from './test-database';

export interface ServiceHarness {
  readonly app: INestApplication;
  readonly baseUrl: string;
  /** Sits between the service and PostgreSQL; cut it to simulate an outage. */
  readonly postgres: TcpProxy;
  /** Sits between the service and Redis; cut it to simulate an outage. */
  readonly redis: TcpProxy;
  get(path: string): Promise<{ status: number; body: any }>;
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
  const app = await startService(definition, {
    LOG_LEVEL: 'silent',
    ...env,
    DATABASE_URL: databaseUrl.toString(),
    REDIS_URL: `redis://127.0.0.1:${redis.port}`,
    PORT: '0',
  });
  const baseUrl = (await app.getUrl()).replace('[::1]', '127.0.0.1');
  return {
    app,
    baseUrl,
    postgres,
    redis,
    async get(path: string) {
      const response = await fetch(`${baseUrl}${path}`);
      const text = await response.text();
      let body: unknown = text;
      try {
        body = JSON.parse(text);
      } catch {
        // metrics and other text answers stay text
      }
      return { status: response.status, body };
    },
    async close() {
      await app.close();
      await postgres.close();
      await redis.close();
      await database.drop();
    },
  };
}
