import type { ProviderConfigStore, ProviderJob } from '@mdi/domain';
import type { AlertChannel, ReadinessRegistry } from '@mdi/platform';
import type { OnApplicationBootstrap, OnApplicationShutdown, OnModuleInit } from '@nestjs/common';
import type { SchedulerRegistry } from '@nestjs/schedule';
import type { Worker } from 'bullmq';
import { circuitReadinessCheck } from '../health/circuit-readiness';
import { ProviderAlerts } from '../observability/provider-alerts';
import type { ProviderLogger } from '../observability/provider-logger';
import type { ProviderStack } from '../queue/provider-stack';
import { ProviderRegistration } from '../registration/provider-registration.service';

export interface LifecycleSettings {
  readonly providerName: string;
  /** Fingerprinted into provider_config; never stored or logged. */
  readonly credential: string;
  readonly rateLimitPerMinute: number;
  readonly runWorker: boolean;
  readonly register: boolean;
  /** How long a provider circuit, storage or Redis may be down before a person is alerted. */
  readonly alertAfterMs: number;
  /** Whether an open circuit makes the app unready (false for a provider the app can do without). */
  readonly circuitInReadiness: boolean;
}

/**
 * Start-up and shut-down of one provider inside a Nest app: readiness check
 * at init; provider_config row and worker at bootstrap, after every module's
 * onModuleInit has registered its job handlers (so a missing one stops the
 * boot); queue and worker closed on shutdown. The worker is the one
 * @nestjs/bullmq registered for the queue's @Processor (created with
 * autorun: false at init), attached to the stack and run here.
 */
export class ProviderLifecycle<J extends ProviderJob>
  implements OnModuleInit, OnApplicationBootstrap, OnApplicationShutdown
{
  constructor(
    private readonly stack: ProviderStack<J>,
    private readonly settings: LifecycleSettings,
    private readonly readiness: ReadinessRegistry,
    private readonly configStore: ProviderConfigStore | null,
    private readonly logger?: ProviderLogger,
    private readonly alertChannel?: AlertChannel,
    /** The queue's @Processor host (ProviderQueueProcessor) when runWorker; its worker is @nestjs/bullmq's. */
    private readonly processor?: { readonly worker: Worker },
    /** @nestjs/schedule's registry (ScheduleModule.forRoot()): where the alert check's timer lives. */
    private readonly scheduler?: SchedulerRegistry,
  ) {}

  private alerts?: ProviderAlerts<J>;

  onModuleInit(): void {
    if (!this.settings.circuitInReadiness) return;
    this.readiness.register(`${this.settings.providerName}-circuit`, circuitReadinessCheck(this.stack.breaker));
  }

  async onApplicationBootstrap(): Promise<void> {
    if (this.settings.register) await this.recordConfig();
    if (this.settings.runWorker) {
      if (this.processor) this.stack.worker.attach(this.processor.worker);
      await this.stack.startWorker();
    }
    if (this.alertChannel) {
      if (!this.scheduler)
        throw new Error(
          `ProvidersModule (${this.settings.providerName}) checks its alert conditions on a timer in @nestjs/schedule's SchedulerRegistry: import ScheduleModule.forRoot() in the app`,
        );
      this.alerts = new ProviderAlerts(this.stack, this.alertChannel, this.settings.alertAfterMs);
      this.alerts.start(this.scheduler, this.logger);
    }
  }

  async onApplicationShutdown(): Promise<void> {
    this.alerts?.stop();
    await this.stack.close();
  }

  private async recordConfig(): Promise<void> {
    if (!this.configStore) {
      throw new Error(
        `ProvidersModule (${this.settings.providerName}) records provider_config at start-up and needs a ProviderConfigStore (PROVIDER_CONFIG_STORE); import ProviderConfigStoreModule from @mdi/storage or pass register: false`,
      );
    }
    try {
      const { keyChanged } = await new ProviderRegistration(this.configStore).register({
        providerName: this.settings.providerName,
        apiKey: this.settings.credential,
        rateLimitPerMinute: this.settings.rateLimitPerMinute,
        isActive: true,
      });
      this.logger?.info(
        { provider: this.settings.providerName, key_changed: keyChanged },
        'provider recorded in provider_config',
      );
    } catch (error) {
      // An informational row must not keep the service down; readiness already reports PostgreSQL.
      this.logger?.error(
        { provider: this.settings.providerName, error: (error as Error).message },
        'could not record provider_config',
      );
    }
  }
}
