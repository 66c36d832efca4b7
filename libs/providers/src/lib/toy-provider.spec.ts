import { PROVIDER_CONFIG_STORE } from '@mdi/domain';
import { PlatformModule, type BaseServiceConfig } from '@mdi/platform';
import { createTestDatabase, eventually, providerConfigStore, removeRedisKeys, type TestDatabase } from '@mdi/testing';
import { Global, Inject, Module, type INestApplication, type OnModuleInit } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { randomBytes } from 'node:crypto';
import { DataSource } from 'typeorm';
import { TOY_QUEUE } from '../test-support/toy-provider/toy-calls';
import { TOY_JOBS, type ToyJob } from '../test-support/toy-provider/toy-jobs';
import { TOY_STACK, toyProviderModule } from '../test-support/toy-provider/toy-module';
import { startToyServer, TOY_KEY, type ToyServer } from '../test-support/toy-provider/toy-server';
import { callJobId } from './queue/provider-call';
import type { JobContext } from './queue/job-results';
import type { ProviderStack } from './queue/provider-stack';

const REDIS_URL = process.env['TEST_REDIS_URL'] ?? 'redis://127.0.0.1:6379';

/**
 * A provider added by following libs/providers/README.md's "Adding a
 * provider" checklist and nothing else: the toy feed's job kinds, transformer,
 * client, call definition and registration live in test-support/toy-provider
 * (one file per checklist step), none of the queue core is edited, and its
 * jobs run end to end: the real Redis queue, the worker Nest registers for it,
 * real HTTP to a tiny server.
 */
describe('a toy provider added through the checklist', () => {
  let server: ToyServer;
  let db: TestDatabase;
  let app: INestApplication;
  let stack: ProviderStack<ToyJob>;
  const prefix = `mdi-test-toy-${randomBytes(4).toString('hex')}`;
  /** What the app's handlers were given, per job. */
  const handled: { job: ToyJob; items: unknown[]; rejected: number; context: JobContext }[] = [];

  beforeAll(async () => {
    server = await startToyServer();
    db = await createTestDatabase();
    const config = { DATABASE_URL: db.url, REDIS_URL, PORT: 0, LOG_LEVEL: 'silent' } as BaseServiceConfig;

    /** Stands in for the app's storage: the DataSource (readiness) and provider_config. */
    @Global()
    @Module({
      providers: [
        { provide: DataSource, useValue: db.dataSource },
        { provide: PROVIDER_CONFIG_STORE, useValue: providerConfigStore(db) },
      ],
      exports: [DataSource, PROVIDER_CONFIG_STORE],
    })
    class DatabaseModule {}

    /** Stands in for the app module that handles the toy jobs. */
    @Module({
      imports: [
        toyProviderModule({
          baseUrl: server.url,
          key: TOY_KEY,
          redisUrl: REDIS_URL,
          queuePrefix: prefix,
          rateLimitPerMinute: 20,
          rateWindowMs: 1000,
          maxRetries: 0,
        }),
      ],
    })
    class ToyHandlersModule implements OnModuleInit {
      constructor(@Inject(TOY_STACK) private readonly toy: ProviderStack<ToyJob>) {}
      onModuleInit(): void {
        this.toy.handlers.registerAll({
          'toy-quote': async (result, job, context) => {
            handled.push({ job, items: result.items, rejected: result.rejected.length, context });
            return { quotes: result.items.map((q) => `${q.symbol}=${q.price}`) };
          },
          'toy-symbols': async (result, job, context) => {
            handled.push({ job, items: result.items, rejected: result.rejected.length, context });
            return { symbols: result.items.length, more: result.nextCursor !== null };
          },
        });
      }
    }

    @Module({
      imports: [
        PlatformModule.forRoot({ serviceName: 'toy-provider-spec', config, secrets: [TOY_KEY] }),
        DatabaseModule,
        ToyHandlersModule,
      ],
    })
    class RootModule {}

    app = await NestFactory.create(RootModule, { logger: false, abortOnError: false });
    await app.listen(0, '127.0.0.1');
    stack = app.get<ProviderStack<ToyJob>>(TOY_STACK);
  }, 60_000);

  afterAll(async () => {
    await app?.close();
    await removeRedisKeys([`${prefix}:*`], REDIS_URL);
    await db?.drop();
    await server?.close();
  });

  it('is registered like Polygon and Alpaca: provider_config row and a readiness check of its own', async () => {
    const [row] = await db.dataSource.query(
      `SELECT provider_name, rate_limit_per_minute, is_active FROM data_ingestion.provider_config WHERE provider_name = 'toy'`,
    );
    expect(row).toEqual({ provider_name: 'toy', rate_limit_per_minute: 1200, is_active: true });
    const url = (await app.getUrl()).replace('[::1]', '127.0.0.1');
    expect(JSON.parse(await (await fetch(`${url}/health/ready`)).text()).info['toy']).toEqual({
      status: 'up',
      circuit: 'closed',
    });
  });

  it('runs a job through the Redis queue, one HTTP call, validated rows to the handler', async () => {
    const job: ToyJob = { kind: 'toy-quote', symbol: 'AAPL' };
    expect(await stack.queue.callAndWait({ job }, 20_000)).toEqual({ quotes: ['AAPL=228.52'] });
    expect(server.requests.filter((r) => r.startsWith('GET /quotes/'))).toEqual(['GET /quotes/AAPL']);
    // The job is stored under the toy codec's deterministic id, named by its kind.
    const stored = await stack.queue.bullQueue.getJob(callJobId({ job }, TOY_JOBS));
    expect(stored?.id).toBe('toy-quote|AAPL');
    expect(stored?.name).toBe('toy-quote');
    expect(stack.queue.bullQueue.name).toBe(TOY_QUEUE);
  });

  it("refuses a bad row through the provider's transformer, never as data", async () => {
    expect(await stack.queue.callAndWait({ job: { kind: 'toy-quote', symbol: 'BRK' } }, 20_000)).toEqual({
      quotes: [],
    });
    expect(handled.find((h) => h.job.kind === 'toy-quote' && h.job.symbol === 'BRK')).toMatchObject({
      items: [],
      rejected: 1,
    });
  });

  it('pages a listing: the worker enqueues each next page until the last', async () => {
    await stack.queue.enqueue({ job: { kind: 'toy-symbols' } });
    const pages = await eventually(async () => {
      const seen = handled.filter((h) => h.job.kind === 'toy-symbols');
      return seen.length === 3 ? seen : null;
    }, 'the three pages of the toy listing');
    expect(pages.map((p) => p.items)).toEqual([['AAPL', 'BRK'], ['MSFT', 'NVDA'], ['TSLA']]);
    expect(pages.map((p) => p.context.cursor)).toEqual([undefined, '2', '4']);
    expect(server.requests.filter((r) => r.startsWith('GET /symbols'))).toEqual([
      'GET /symbols',
      'GET /symbols?cursor=2',
      'GET /symbols?cursor=4',
    ]);
  });

  it('fails a job the toy codec cannot read, without calling the feed', async () => {
    const before = server.requests.length;
    await stack.queue.bullQueue.add('toy-quote', { kind: 'toy-quote', symbol: 'not a symbol' }, { jobId: 'hand-made' });
    await eventually(
      async () => (await stack.queue.bullQueue.getJobState('hand-made')) === 'failed',
      'the hand-made job to fail',
    );
    const failed = await stack.queue.bullQueue.getJob('hand-made');
    expect(failed?.failedReason).toMatch(/^job data refused: symbol "not a symbol"/);
    expect(server.requests.length).toBe(before);
  });
});
