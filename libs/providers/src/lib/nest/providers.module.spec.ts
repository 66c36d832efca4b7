import { POLYGON_JOB_KINDS, PROVIDER_CONFIG_STORE, QueueName, type PolygonJob } from '@mdi/domain';
import { PlatformModule, type BaseServiceConfig } from '@mdi/platform';
import { createTestDatabase, providerConfigStore, type TestDatabase } from '@mdi/testing';
import { getQueueToken, type WorkerHost } from '@nestjs/bullmq';
import { Global, Inject, Module, type INestApplication, type OnModuleInit } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { randomBytes } from 'node:crypto';
import { DataSource } from 'typeorm';
import { startSimulatorProcess, type SimulatorProcess } from '../../test-support/simulator-process';
import { PROVIDER_REGISTRY, type ProviderRegistry } from '../contract/provider-registry';
import { JobHandlerMismatchError } from '../queue/job-handler.registry';
import type { JobHandlers } from '../queue/job-results';
import type { ProviderStack } from '../queue/provider-stack';
import { apiKeyMatches } from '../registration/api-key-hash';
import { providerProcessorToken } from './provider-queue-registration';
import { POLYGON_STACK, ProvidersModule, type PolygonModuleOptions } from './providers.module';

const REDIS_URL = process.env['TEST_REDIS_URL'] ?? 'redis://127.0.0.1:6379';

describe('ProvidersModule.forPolygon in a Nest application', () => {
  let sim: SimulatorProcess;
  let db: TestDatabase;
  let app: INestApplication | undefined;

  beforeAll(async () => {
    sim = await startSimulatorProcess();
    db = await createTestDatabase();
  });
  afterAll(async () => {
    await db?.drop();
    await sim?.close();
  });
  afterEach(async () => {
    const stack = app?.get<ProviderStack<PolygonJob>>(POLYGON_STACK);
    await stack?.queue.bullQueue.obliterate({ force: true }).catch(() => undefined);
    await app?.close();
    app = undefined;
  });

  const boot = async (kinds: readonly PolygonJob['kind'][], extra: Partial<PolygonModuleOptions> = {}) => {
    const config = { DATABASE_URL: db.url, REDIS_URL, PORT: 0, LOG_LEVEL: 'silent' } as BaseServiceConfig;
    const polygon = ProvidersModule.forPolygon({
      apiKey: sim.polygonKey,
      baseUrl: sim.url,
      redisUrl: REDIS_URL,
      queuePrefix: `mdi-test-providers-${randomBytes(4).toString('hex')}`,
      rateLimitPerMinute: 10,
      rateWindowMs: 1000,
      ...extra,
    });

    /** Stands in for the app's storage: the DataSource (platform's readiness) and provider_config under the domain's token. */
    @Global()
    @Module({
      providers: [
        { provide: DataSource, useValue: db.dataSource },
        { provide: PROVIDER_CONFIG_STORE, useValue: providerConfigStore(db) },
      ],
      exports: [DataSource, PROVIDER_CONFIG_STORE],
    })
    class DatabaseModule {}

    /** Stands in for an app module that persists what the jobs return. */
    @Module({ imports: [polygon] })
    class HandlersModule implements OnModuleInit {
      constructor(@Inject(POLYGON_STACK) private readonly stack: ProviderStack<PolygonJob>) {}
      onModuleInit(): void {
        const handlers = Object.fromEntries(kinds.map((kind) => [kind, async () => ({ handled: kind })]));
        this.stack.handlers.registerAll(handlers as Partial<JobHandlers<PolygonJob>>);
      }
    }

    @Module({
      imports: [
        PlatformModule.forRoot({ serviceName: 'providers-spec', config, secrets: [sim.polygonKey] }),
        DatabaseModule,
        HandlersModule,
      ],
    })
    class RootModule {}

    const created = await NestFactory.create(RootModule, { logger: false, abortOnError: false });
    app = created;
    await created.listen(0, '127.0.0.1');
    return created;
  };

  it('records provider_config, reports the circuit in readiness and metrics, runs jobs, and never shows the key', async () => {
    const nest = await boot(POLYGON_JOB_KINDS);
    const url = (await nest.getUrl()).replace('[::1]', '127.0.0.1');

    const [row] = await db.dataSource.query(
      `SELECT * FROM data_ingestion.provider_config WHERE provider_name = 'polygon'`,
    );
    expect(row).toMatchObject({ provider_name: 'polygon', rate_limit_per_minute: 600, is_active: true });
    expect(await apiKeyMatches(sim.polygonKey, row.api_key_hash)).toBe(true);

    const ready = await fetch(`${url}/health/ready`);
    const readyBody = await ready.text();
    expect(JSON.parse(readyBody).info['polygon']).toEqual({ status: 'up', circuit: 'closed' });

    const stack = nest.get<ProviderStack<PolygonJob>>(POLYGON_STACK);
    expect(await stack.queue.callAndWait({ job: { kind: 'grouped-daily', date: '2026-11-24' } })).toEqual({
      handled: 'grouped-daily',
    });
    expect(nest.get<ProviderRegistry>(PROVIDER_REGISTRY).marketDataProvider('polygon').name).toBe('polygon');

    const metrics = await (await fetch(`${url}/metrics`)).text();
    expect(metrics).toContain('mdi_circuit_state{provider="polygon"} 0');
    expect(metrics).toContain(
      'mdi_provider_api_calls_total{provider="polygon",endpoint="grouped-daily",status="200"} 1',
    );
    for (const text of [readyBody, metrics, JSON.stringify(row)]) expect(text).not.toContain(sim.polygonKey);
  });

  it('builds the stack on the queue and worker that @nestjs/bullmq registered', async () => {
    const nest = await boot(POLYGON_JOB_KINDS);
    const stack = nest.get<ProviderStack<PolygonJob>>(POLYGON_STACK);
    // The queue: BullModule.registerQueueAsync's, under @nestjs/bullmq's token, with the configured prefix.
    const queue = nest.get(getQueueToken(QueueName.PolygonCalls), { strict: false });
    expect(stack.queue.bullQueue).toBe(queue);
    expect(queue.opts.prefix).toMatch(/^mdi-test-providers-/);
    // The worker: the one BullExplorer made for the @Processor host, with the budget's spaced limiter
    // (10 calls per 1000 ms: one per 100 ms), run by the stack once the handlers were complete.
    const host = nest.get<WorkerHost>(providerProcessorToken(QueueName.PolygonCalls), { strict: false });
    const worker = stack.worker.bullWorker;
    expect(worker).toBe(host.worker);
    expect(worker?.opts).toMatchObject({ limiter: { max: 1, duration: 100 }, concurrency: 1, autorun: false });
    expect(worker?.opts.prefix).toBe(queue.opts.prefix);
    expect(worker?.isRunning()).toBe(true);
    expect(await stack.queue.callAndWait({ job: { kind: 'market-holidays' } })).toEqual({ handled: 'market-holidays' });

    await queue.obliterate({ force: true });
    await nest.close();
    app = undefined;
    expect(worker?.isRunning()).toBe(false);
    expect(worker?.closing).toBeDefined();
  });

  it('registers the queue but no worker where runWorker is false', async () => {
    const nest = await boot(POLYGON_JOB_KINDS, { runWorker: false });
    const stack = nest.get<ProviderStack<PolygonJob>>(POLYGON_STACK);
    expect(stack.queue.bullQueue).toBe(nest.get(getQueueToken(QueueName.PolygonCalls), { strict: false }));
    expect(() => nest.get(providerProcessorToken(QueueName.PolygonCalls), { strict: false })).toThrow();
    expect(stack.worker.bullWorker).toBeUndefined();
    const { jobId } = await stack.queue.enqueue({ job: { kind: 'market-holidays' } });
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(await (await stack.queue.bullQueue.getJob(jobId))?.getState()).toBe('waiting');
  });

  it('refuses to boot while a Polygon job kind has no handler', async () => {
    await expect(boot(['grouped-daily', 'aggregates-range'])).rejects.toThrow(JobHandlerMismatchError);
  });
});
