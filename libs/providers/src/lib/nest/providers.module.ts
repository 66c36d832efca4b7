import {
  PROVIDER_CONFIG_STORE,
  QueueName,
  type AlpacaDataJob,
  type AlpacaJob,
  type PolygonJob,
  type ProviderConfigStore,
  type ProviderJob,
} from '@mdi/domain';
import { AlertChannel, MetricsService, ReadinessRegistry } from '@mdi/platform';
import { getQueueToken, type WorkerHost } from '@nestjs/bullmq';
import { Global, Module, type DynamicModule, type Provider } from '@nestjs/common';
import { SchedulerRegistry } from '@nestjs/schedule';
import type { Queue } from 'bullmq';
import { PinoLogger } from 'nestjs-pino';
import { createAlpacaDataStack } from '../alpaca/alpaca-data-stack';
import { createAlpacaStack } from '../alpaca/alpaca-stack';
import { PROVIDER_REGISTRY, ProviderRegistry } from '../contract/provider-registry';
import type { ProviderLogger } from '../observability/provider-logger';
import { ProviderMetrics } from '../observability/provider-metrics';
import { createPolygonStack } from '../polygon/polygon-stack';
import type { ProviderStack, QueueSettings } from '../queue/provider-stack';
import { perMinute } from '../registration/provider-registration.service';
import {
  ALPACA_DEFAULT_RATE_LIMIT,
  DEFAULT_MAX_RETRIES,
  DEFAULT_RATE_WINDOW_MS,
  POLYGON_DEFAULT_RATE_LIMIT,
} from '../resilience/resilience.constants';
import { retryAfterSessionClose } from '../resilience/retry-later';
import { ProviderLifecycle } from './provider-lifecycle';
import { providerProcessor, providerProcessorToken, registerProviderQueue } from './provider-queue-registration';

/** Injection tokens of the two provider stacks (ProviderStack<PolygonJob> / ProviderStack<AlpacaJob>). */
export const POLYGON_STACK = Symbol('POLYGON_STACK');
export const ALPACA_STACK = Symbol('ALPACA_STACK');
/** ProviderStack<AlpacaDataJob>: Alpaca market data (historical bars), inside the alpaca-calls budget. */
export const ALPACA_DATA_STACK = Symbol('ALPACA_DATA_STACK');

/** What every provider module is configured with (its queue, worker, retries and alerts). */
export interface CommonOptions {
  readonly redisUrl: string;
  /** Redis key prefix of the queue (tests); BullMQ's "bull" otherwise. */
  readonly queuePrefix?: string;
  /** Calls per window for all replicas together. */
  readonly rateLimitPerMinute?: number;
  /** Window length; only tests shorten it. */
  readonly rateWindowMs?: number;
  /** DATA_INGESTION_MAX_RETRIES. */
  readonly maxRetries?: number;
  /** Run this queue's worker in this process (default true). */
  readonly runWorker?: boolean;
  /**
   * Record the provider in provider_config at start-up (default true; needs a ProviderConfigStore under
   * PROVIDER_CONFIG_STORE, which the app supplies, e.g. with @mdi/storage's ProviderConfigStoreModule).
   */
  readonly register?: boolean;
  readonly retryBaseDelayMs?: number;
  readonly defaultRetryAfterMs?: number;
  readonly breaker?: { readonly consecutiveFailures?: number; readonly halfOpenAfterMs?: number };
  /** Wait after today's close (or from now, after it) before retrying data not published yet; default 15 min. */
  readonly notYetAvailableDelayMs?: number;
  /**
   * The worker's lock on a running job (default 30 s) and how often it looks for jobs whose lock expired
   * (default 30 s): after a SIGKILL a running job waits up to their sum for another worker.
   */
  readonly workerLockMs?: number;
  readonly workerStalledIntervalMs?: number;
  /** Pages a listing may have before its paging is stopped as endless (default 500). */
  readonly maxPagesPerListing?: number;
  /** ALERT_AFTER_MS: how long the circuit, storage or Redis may be down before an alert (default 60 s). */
  readonly alertAfterMs?: number;
  /**
   * Whether this provider's open circuit makes the app unready (default true). False for a provider the app
   * can do without (the ingestor's Alpaca market data): its circuit still shows in mdi_circuit_state and alerts.
   */
  readonly circuitInReadiness?: boolean;
}

/**
 * One provider, as ProvidersModule.forProvider wires it: the stack's
 * injection token, its identity in provider_config, and how its stack is
 * built from the common queue settings. Polygon and Alpaca are registered
 * through it; so is any new provider.
 */
export interface ProviderModuleDefinition<J extends ProviderJob> {
  /** Where apps inject the stack (ProviderStack<J>) to register handlers and enqueue. */
  readonly stackToken: symbol;
  /** Its BullMQ queue (QueueName), registered with @nestjs/bullmq under getQueueToken(queueName). */
  readonly queueName: string;
  /** provider_config.provider_name; also names the readiness check. */
  readonly providerName: string;
  /** Fingerprinted into provider_config; never stored or logged. */
  readonly credential: string;
  /** Calls per minute when options.rateLimitPerMinute is not set. */
  readonly defaultRateLimit: number;
  /** Builds the stack; may add the provider's client to the app's ProviderRegistry. */
  readonly createStack: (
    settings: QueueSettings,
    observability: { readonly metrics: ProviderMetrics; readonly logger?: ProviderLogger },
    registry: ProviderRegistry,
  ) => ProviderStack<J>;
}

export interface PolygonModuleOptions extends CommonOptions {
  readonly apiKey: string;
  /** POLYGON_BASE_URL. */
  readonly baseUrl: string;
}

export interface AlpacaModuleOptions extends CommonOptions {
  readonly keyId: string;
  readonly secret: string;
  /** ALPACA_BASE_URL; paper by default. */
  readonly baseUrl?: string;
  readonly allowLive?: boolean;
}

export interface AlpacaDataModuleOptions extends CommonOptions {
  readonly keyId: string;
  readonly secret: string;
  /** ALPACA_DATA_BASE_URL; https://data.alpaca.markets by default. */
  readonly dataBaseUrl?: string;
}

/** One registry per application, shared by both provider modules. */
@Global()
@Module({
  providers: [{ provide: PROVIDER_REGISTRY, useFactory: () => new ProviderRegistry() }],
  exports: [PROVIDER_REGISTRY],
})
export class ProviderRegistryModule {}

const observe = (metrics: MetricsService, logger: PinoLogger | null) => ({
  metrics: new ProviderMetrics(metrics),
  logger: (logger ?? undefined) as ProviderLogger | undefined,
});

/**
 * Wires a provider into a Nest app: client, shared rate-limited queue,
 * breaker, readiness check, provider_config row and worker. Apps register
 * their job handlers on the stack (POLYGON_STACK / ALPACA_STACK) in
 * onModuleInit and enqueue work through stack.queue.
 *
 * The queue and its worker are registered with @nestjs/bullmq: the BullMQ
 * Queue by BullModule.registerQueueAsync (exported, so getQueueToken(name)
 * / @InjectQueue(name) injects it), the Worker by a @Processor WorkerHost
 * when runWorker (see provider-queue-registration.ts). The stack's
 * ProviderQueue and ProviderWorker are built on those two.
 */
@Module({})
export class ProvidersModule {
  static forPolygon(options: PolygonModuleOptions): DynamicModule {
    return ProvidersModule.forProvider<PolygonJob>(
      {
        stackToken: POLYGON_STACK,
        queueName: QueueName.PolygonCalls,
        providerName: 'polygon',
        credential: options.apiKey,
        defaultRateLimit: POLYGON_DEFAULT_RATE_LIMIT,
        createStack: (settings, observability, registry) => {
          const polygon = createPolygonStack(
            { ...settings, apiKey: options.apiKey, baseUrl: options.baseUrl },
            observability,
          );
          registry.addMarketData(polygon.provider);
          return polygon.stack;
        },
      },
      options,
    );
  }

  static forAlpaca(options: AlpacaModuleOptions): DynamicModule {
    return ProvidersModule.forProvider<AlpacaJob>(
      {
        stackToken: ALPACA_STACK,
        queueName: QueueName.AlpacaCalls,
        providerName: 'alpaca',
        credential: `${options.keyId}:${options.secret}`,
        defaultRateLimit: ALPACA_DEFAULT_RATE_LIMIT,
        createStack: (settings, observability, registry) => {
          const alpaca = createAlpacaStack(
            {
              ...settings,
              keyId: options.keyId,
              secret: options.secret,
              baseUrl: options.baseUrl,
              allowLive: options.allowLive,
            },
            observability,
          );
          registry.addAccount(alpaca.provider);
          return alpaca.stack;
        },
      },
      options,
    );
  }

  /**
   * Alpaca market data (queue alpaca-data-calls, recorded as provider 'alpaca-data'). Its calls spend the
   * alpaca-calls limiter of the same key (QUEUE_PREFIX must be the monitor's), so rateLimitPerMinute must be
   * the monitor's ALPACA_RATE_LIMIT_PER_MINUTE: the two apps then share one spacing. Its open circuit does not
   * make the app unready unless circuitInReadiness is set: the ingestor goes on with Polygon.
   */
  static forAlpacaData(options: AlpacaDataModuleOptions): DynamicModule {
    return ProvidersModule.forProvider<AlpacaDataJob>(
      {
        stackToken: ALPACA_DATA_STACK,
        queueName: QueueName.AlpacaDataCalls,
        providerName: 'alpaca-data',
        credential: `${options.keyId}:${options.secret}`,
        defaultRateLimit: ALPACA_DEFAULT_RATE_LIMIT,
        createStack: (settings, observability) =>
          createAlpacaDataStack(
            { ...settings, keyId: options.keyId, secret: options.secret, dataBaseUrl: options.dataBaseUrl },
            observability,
          ).stack,
      },
      { ...options, circuitInReadiness: options.circuitInReadiness ?? false },
    );
  }

  /** Any provider: its stack under definition.stackToken, plus readiness, provider_config, worker and alerts. */
  static forProvider<J extends ProviderJob>(
    definition: ProviderModuleDefinition<J>,
    options: CommonOptions,
  ): DynamicModule {
    const rateLimit = options.rateLimitPerMinute ?? definition.defaultRateLimit;
    const rateWindowMs = options.rateWindowMs ?? DEFAULT_RATE_WINDOW_MS;
    const lifecycleToken = Symbol(`${definition.providerName.toUpperCase()}_LIFECYCLE`);
    const settings = queueSettings(options, rateLimit, rateWindowMs);
    const runWorker = options.runWorker ?? true;
    const stack: Provider = {
      provide: definition.stackToken,
      useFactory: (metrics: MetricsService, logger: PinoLogger | null, registry: ProviderRegistry, queue: Queue) =>
        definition.createStack({ ...settings, queue }, observe(metrics, logger), registry),
      inject: [
        MetricsService,
        { token: PinoLogger, optional: true },
        PROVIDER_REGISTRY,
        getQueueToken(definition.queueName),
      ],
    };
    const identity = {
      providerName: definition.providerName,
      credential: definition.credential,
      rateLimitPerMinute: perMinute(rateLimit, rateWindowMs),
    };
    const lifecycle: Provider = {
      provide: lifecycleToken,
      useFactory: (
        providerStack: ProviderStack<J>,
        readiness: ReadinessRegistry,
        configStore: ProviderConfigStore | null,
        logger: PinoLogger | null,
        alerts: AlertChannel | null,
        processor: WorkerHost | null,
        scheduler: SchedulerRegistry | null,
      ) =>
        new ProviderLifecycle(
          providerStack,
          {
            ...identity,
            runWorker,
            register: options.register ?? true,
            alertAfterMs: options.alertAfterMs ?? 60_000,
            circuitInReadiness: options.circuitInReadiness ?? true,
          },
          readiness,
          configStore ?? null,
          (logger ?? undefined) as ProviderLogger | undefined,
          alerts ?? undefined,
          processor ?? undefined,
          scheduler ?? undefined,
        ),
      inject: [
        definition.stackToken,
        ReadinessRegistry,
        { token: PROVIDER_CONFIG_STORE, optional: true },
        { token: PinoLogger, optional: true },
        { token: AlertChannel, optional: true },
        { token: providerProcessorToken(definition.queueName), optional: true },
        { token: SchedulerRegistry, optional: true },
      ],
    };
    const queueModule = registerProviderQueue(definition.queueName, settings);
    return {
      module: ProvidersModule,
      imports: [ProviderRegistryModule, queueModule],
      // No @Processor (so no BullMQ Worker at all) where this process does not run the queue's worker.
      providers: [
        stack,
        lifecycle,
        ...(runWorker ? [providerProcessor<J>(definition.queueName, settings, definition.stackToken)] : []),
      ],
      // The stack, and the BullMQ Queue under getQueueToken(queueName) for apps that inspect it.
      exports: [definition.stackToken, queueModule],
    };
  }
}

function queueSettings(options: CommonOptions, rateLimit: number, rateWindowMs: number): QueueSettings {
  return {
    redisUrl: options.redisUrl,
    prefix: options.queuePrefix,
    rateLimit,
    rateWindowMs,
    maxRetries: options.maxRetries ?? DEFAULT_MAX_RETRIES,
    retryBaseDelayMs: options.retryBaseDelayMs,
    defaultRetryAfterMs: options.defaultRetryAfterMs ?? rateWindowMs,
    breaker: options.breaker,
    retryLater: retryAfterSessionClose(options.notYetAvailableDelayMs),
    lockDurationMs: options.workerLockMs,
    stalledIntervalMs: options.workerStalledIntervalMs,
    maxPagesPerListing: options.maxPagesPerListing,
  };
}

/** Queue names, for apps that inspect the queues (dashboards, depth metrics). */
export const PROVIDER_QUEUES = {
  polygon: QueueName.PolygonCalls,
  alpaca: QueueName.AlpacaCalls,
  alpacaData: QueueName.AlpacaDataCalls,
} as const;
