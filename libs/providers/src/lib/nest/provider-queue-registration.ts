import type { ProviderJob } from '@mdi/domain';
import { BullModule, OnWorkerEvent, Processor, WorkerHost, getQueueToken } from '@nestjs/bullmq';
import type { DynamicModule, FactoryProvider } from '@nestjs/common';
import type { Job } from 'bullmq';
import type { ProviderStack } from '../queue/provider-stack';
import { providerWorkerOptions, type ProviderWorker, type ProviderWorkerSettings } from '../queue/provider-worker';
import { redisConnection } from '../queue/redis-connection';

/** Where the @Processor host of a provider queue is (ProviderLifecycle takes its worker from it). */
export function providerProcessorToken(queueName: string): string {
  return `ProviderQueueProcessor:${queueName}`;
}

/** Where the BullMQ Queue of a provider queue is: @nestjs/bullmq's getQueueToken (@InjectQueue(queueName)). */
export const providerQueueToken = (queueName: string): string => getQueueToken(queueName);

/**
 * The provider queue's BullMQ Queue, registered with @nestjs/bullmq
 * (BullModule.registerQueueAsync): its connection from REDIS_URL and its key
 * prefix. The module exports it under getQueueToken(queueName); the
 * provider's stack is built on it, and @nestjs/bullmq closes it at shutdown
 * (after ProviderLifecycle has closed the stack's worker and queue).
 */
export function registerProviderQueue(queueName: string, redis: { redisUrl: string; prefix?: string }): DynamicModule {
  return BullModule.registerQueueAsync({
    name: queueName,
    useFactory: () => ({ connection: redisConnection(redis.redisUrl), prefix: redis.prefix }),
  });
}

/** What the processor hands a job and the worker's events to: the stack's ProviderWorker. */
type ProcessorTarget<J extends ProviderJob> = Pick<ProviderWorker<J>, 'process' | 'onJobFailed' | 'onWorkerError'>;

/**
 * The provider queue's worker, registered with @nestjs/bullmq: a
 * @Processor(queueName, options) WorkerHost, for which @nestjs/bullmq's
 * BullExplorer makes the BullMQ Worker at init (connection and prefix from
 * the registered queue). The options come from configuration
 * (providerWorkerOptions: the spaced limiter that is the shared call budget,
 * concurrency, lock and stalled check), so the class is declared per
 * registration, with the decorator given them, rather than once with fixed
 * ones. autorun is false: ProviderLifecycle attaches the worker to the
 * stack and runs it at bootstrap, once every job kind has a handler.
 * Everything a job does is the stack's ProviderWorker.process (breaker,
 * 429 and storage pauses, retries, kept answers, paging).
 */
export function providerProcessor<J extends ProviderJob>(
  queueName: string,
  settings: ProviderWorkerSettings,
  stackToken: symbol,
): FactoryProvider {
  @Processor(queueName, providerWorkerOptions(settings))
  class ProviderQueueProcessor extends WorkerHost {
    constructor(private readonly target: ProcessorTarget<J>) {
      super();
    }

    process(job: Job, token?: string): Promise<unknown> {
      return this.target.process(job, token);
    }

    @OnWorkerEvent('failed')
    failed(job: Job | undefined, error: Error): void {
      this.target.onJobFailed(job, error);
    }

    @OnWorkerEvent('error')
    error(error: Error): void {
      this.target.onWorkerError(error);
    }
  }
  return {
    provide: providerProcessorToken(queueName),
    useFactory: (stack: ProviderStack<J>) => new ProviderQueueProcessor(stack.worker),
    inject: [stackToken],
  };
}
