import type { ProviderJob } from '@mdi/domain';
import { registerInterval, withTimeout, type AlertChannel, type IntervalLogger } from '@mdi/platform';
import type { SchedulerRegistry } from '@nestjs/schedule';
import type { ProviderStack } from '../queue/provider-stack';

const REDIS_PROBE_TIMEOUT_MS = 1_000;

/** check() never throws, so the timer has nothing to log unless the app passes its logger. */
const SILENT: IntervalLogger = { warn: () => undefined };

/**
 * Alerts a person about one provider queue (through the app's AlertChannel):
 * a job that failed for good, at once; a circuit open, storage (PostgreSQL)
 * unreachable for the worker, or Redis unreachable, once the condition has
 * lasted `alertAfterMs`. Checked every quarter of that (at most 15 s).
 */
export class ProviderAlerts<J extends ProviderJob> {
  private stopTimer?: () => void;
  private redisDownSince: number | null = null;

  constructor(
    private readonly stack: ProviderStack<J>,
    private readonly channel: AlertChannel,
    private readonly alertAfterMs: number,
  ) {}

  /** Registers the check's timer (`<provider>-provider-alerts`) in the SchedulerRegistry; stop() removes it. */
  start(scheduler: SchedulerRegistry, logger: IntervalLogger = SILENT): void {
    const provider = this.stack.definition.provider;
    this.channel.useClaim((key, ms) => this.stack.queue.tryLease(`alert:${key}`, ms));
    this.stack.handlers.onFinalFailure(async (job, failure) => {
      await this.channel.raise({
        kind: 'job-failed',
        severity: 'warning',
        key: `${provider}:job:${failure.jobId}`,
        summary: `${provider} job ${failure.jobId} failed for good after ${failure.attempts} attempt(s): ${failure.reason}`,
        details: {
          provider,
          job_id: failure.jobId,
          job_kind: job.kind,
          attempts: failure.attempts,
          error: failure.reason,
        },
      });
    });
    this.stopTimer = registerInterval(
      scheduler,
      `${provider}-provider-alerts`,
      Math.min(15_000, Math.max(250, Math.floor(this.alertAfterMs / 4))),
      () => this.check(),
      logger,
    );
  }

  stop(): void {
    this.stopTimer?.();
  }

  /** One look at the conditions; raises what has lasted long enough. Never throws. */
  async check(now = Date.now()): Promise<void> {
    const provider = this.stack.definition.provider;
    const long = (since: number | null | undefined) =>
      since !== null && since !== undefined && now - since >= this.alertAfterMs;
    const minutes = (since: number) => `${Math.round((now - since) / 1000)} s`;

    const circuit = this.stack.breaker.openSince()?.getTime();
    if (long(circuit)) {
      await this.raise({
        kind: 'circuit-open',
        severity: 'critical',
        key: `${provider}:circuit`,
        summary: `${provider} circuit open for ${minutes(circuit as number)}: the provider keeps failing (network, timeouts or 5xx)`,
        details: { provider, open_since: new Date(circuit as number).toISOString() },
      });
    }
    const storage = this.stack.worker.storageOutageSince();
    if (storage && long(storage.since.getTime())) {
      await this.raise({
        kind: 'storage-unreachable',
        severity: 'critical',
        key: `${provider}:storage`,
        summary: `storage unreachable for ${minutes(storage.since.getTime())}: the ${provider} queue is paused (${storage.reason})`,
        details: { provider, since: storage.since.toISOString(), error: storage.reason },
      });
    }
    try {
      await withTimeout(this.stack.queue.budget(), REDIS_PROBE_TIMEOUT_MS, 'Redis');
      this.redisDownSince = null;
    } catch (error) {
      this.redisDownSince ??= now;
      if (long(this.redisDownSince)) {
        await this.raise({
          kind: 'redis-unreachable',
          severity: 'critical',
          key: `${provider}:redis`,
          summary: `Redis unreachable for ${minutes(this.redisDownSince)}: the ${provider} queue cannot run (${(error as Error).message})`,
          details: { provider, error: (error as Error).message },
        });
      }
    }
  }

  private async raise(alert: Parameters<AlertChannel['raise']>[0]): Promise<void> {
    try {
      await this.channel.raise(alert);
    } catch {
      // The channel logs its own delivery failures; a check must never crash the process.
    }
  }
}
