import type { BaseServiceConfig, ServiceDefinition } from '@mdi/platform';
import { docsPageProblems, openApiProblems, undocumentedAnswers } from './openapi-contract';
import { expressRoutes, registeredRoutes } from './registered-routes';
import { startServiceHarness, type ServiceHarness } from './service-harness';

/** Polls until `probe` resolves truthy, or fails with `what` after `timeoutMs`. */
export async function eventually<T>(
  probe: () => Promise<T | null | undefined | false>,
  what: string,
  timeoutMs = 10_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  while (Date.now() < deadline) {
    last = await probe();
    if (last) return last as T;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}; last value: ${JSON.stringify(last)}`);
}

export interface ContractOptions {
  /**
   * `unused` for a service that keeps no data (the gateway): readiness must
   * then stay 200 while PostgreSQL is down, since that service is where
   * operators read about the outage.
   */
  readonly postgres?: 'required' | 'unused';
}

/**
 * What every service promises (docs/ARCHITECTURE.md, Services): liveness that checks nothing
 * external, readiness that names the dependency that is down, /metrics and
 * /status. Each app's spec runs these against the real app.
 */
export function itBehavesLikeAService<C extends BaseServiceConfig>(
  definition: ServiceDefinition<C>,
  env: NodeJS.ProcessEnv,
  options: ContractOptions = {},
): void {
  const usesPostgres = options.postgres !== 'unused';
  describe(`${definition.name} service contract`, () => {
    let harness: ServiceHarness;

    beforeAll(async () => {
      harness = await startServiceHarness(definition, env);
    }, 60_000);

    afterAll(async () => {
      await harness?.close();
    });

    it('is live and ready with PostgreSQL and Redis up', async () => {
      expect(await harness.get('/health/live')).toMatchObject({ status: 200, body: { status: 'ok' } });
      const ready = await harness.get('/health/ready');
      expect(ready.status).toBe(200);
      expect(ready.body.info).toMatchObject(
        usesPostgres ? { postgres: { status: 'up' }, redis: { status: 'up' } } : { redis: { status: 'up' } },
      );
      if (!usesPostgres) expect(ready.body.info.postgres).toBeUndefined();
    });

    it('serves /status and Prometheus /metrics', async () => {
      const status = await harness.get('/status');
      expect(status.status).toBe(200);
      expect(status.body.service).toBe(definition.name);
      const metrics = await harness.get('/metrics');
      expect(metrics.status).toBe(200);
      expect(metrics.body).toContain('# TYPE mdi_provider_api_calls_total counter');
    });

    // Each service gets exactly one of the two PostgreSQL outage tests: the one that applies to it.
    const withoutPostgres = usesPostgres ? undefined : it;
    const withPostgres = usesPostgres ? it : undefined;

    withoutPostgres?.(
      'stays ready and serving while PostgreSQL is unreachable (it uses none)',
      async () => {
        await harness.postgres.cut();
        try {
          // Long enough for a PostgreSQL check, were there one, to fail.
          await new Promise((resolve) => setTimeout(resolve, 1600));
          expect(await harness.get('/health/ready')).toMatchObject({ status: 200, body: { status: 'ok' } });
          expect((await harness.get('/status')).status).toBe(200);
        } finally {
          await harness.postgres.restore();
        }
      },
      30_000,
    );

    withPostgres?.(
      'turns readiness 503 with a readable reason while PostgreSQL is unreachable, and recovers',
      async () => {
        await harness.postgres.cut();
        try {
          const ready = await eventually(async () => {
            const answer = await harness.get('/health/ready');
            return answer.status === 503 ? answer : null;
          }, 'readiness to report 503');
          expect(ready.body.error.postgres.status).toBe('down');
          expect(ready.body.error.postgres.message).toMatch(/^PostgreSQL unreachable: /);
          expect(ready.body.info.redis.status).toBe('up');
          expect((await harness.get('/health/live')).status).toBe(200);
        } finally {
          await harness.postgres.restore();
        }
        await eventually(async () => (await harness.get('/health/ready')).status === 200, 'readiness to recover');
      },
      30_000,
    );

    it('keeps serving while Redis is unreachable and names Redis in readiness', async () => {
      await harness.redis.cut();
      try {
        const ready = await eventually(async () => {
          const answer = await harness.get('/health/ready');
          return answer.status === 503 ? answer : null;
        }, 'readiness to report 503');
        expect(ready.body.error.redis.message).toMatch(/^Redis unreachable: /);
        expect((await harness.get('/status')).status).toBe(200);
      } finally {
        await harness.redis.restore();
      }
      await eventually(async () => (await harness.get('/health/ready')).status === 200, 'readiness to recover');
    }, 30_000);

    // The OpenAPI document covers whatever routes the app has, read from the app itself: a route added later is checked too.
    it('publishes /openapi.json describing every route its controllers serve, with their error responses', async () => {
      const { status, body: document } = await harness.get('/openapi.json');
      expect(status).toBe(200);
      expect(document.info).toMatchObject({ title: definition.name, version: expect.stringMatching(/^\d+\.\d+\.\d+/) });
      const routes = registeredRoutes(harness.app);
      const served = expressRoutes(harness.app);
      expect(routes.filter((route) => !served.has(`${route.method} ${route.path}`))).toEqual([]);
      expect(routes.map((route) => `${route.method} ${route.path}`)).toEqual(
        expect.arrayContaining(['get /health/ready', 'get /metrics', 'get /status']),
      );
      expect(openApiProblems(routes, document)).toEqual([]);
      expect(await undocumentedAnswers(harness.baseUrl, routes, document)).toEqual([]);
    }, 30_000);

    it('serves swagger-ui at /docs with every asset from the service itself', async () => {
      expect(await docsPageProblems(`${harness.baseUrl}/docs`)).toEqual([]);
    }, 30_000);

    it('never shows a configured secret in its answers', async () => {
      const secrets = Object.entries(env)
        .filter(([name]) => /KEY|SECRET|TOKEN/.test(name))
        .map(([, value]) => String(value));
      for (const path of ['/status', '/health/ready', '/metrics']) {
        const { body } = await harness.get(path);
        const text = typeof body === 'string' ? body : JSON.stringify(body);
        for (const secret of secrets) expect(text).not.toContain(secret);
      }
    });
  });
}
