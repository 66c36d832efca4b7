import { BaseServiceConfig, EnvInteger } from '@mdi/platform';
import { Matches } from 'class-validator';

/** Variables of every service that runs a provider queue worker; each app's config extends it. */
export class ProviderServiceConfig extends BaseServiceConfig {
  @EnvInteger({ min: 0, max: 20 })
  DATA_INGESTION_MAX_RETRIES = 3;

  /** Worker lock on a running job: a SIGKILLed worker's job is free for another once it expires. Only tests shorten it. */
  @EnvInteger({ min: 500, max: 600_000, unit: 'milliseconds' })
  PROVIDER_WORKER_LOCK_MS = 30_000;

  /** How often the worker looks for jobs whose lock expired (a dead worker's). Only tests shorten it. */
  @EnvInteger({ min: 500, max: 600_000, unit: 'milliseconds' })
  PROVIDER_WORKER_STALLED_INTERVAL_MS = 30_000;

  /** BullMQ key prefix (tests use a unique one). */
  @Matches(/^[A-Za-z0-9_.-]{1,64}$/, { message: 'must be 1-64 letters, digits, dots, dashes or underscores' })
  QUEUE_PREFIX = 'bull';
}
