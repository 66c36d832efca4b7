import { BaseServiceConfig, EnvNumber } from '@mdi/platform';
import { IsInt, Matches, Max, Min } from 'class-validator';

/** Variables of every service that runs a provider queue worker; each app's config extends it. */
export class ProviderServiceConfig extends BaseServiceConfig {
  @EnvNumber()
  @Max(20)
  @Min(0)
  @IsInt({ message: 'must be an integer' })
  DATA_INGESTION_MAX_RETRIES = 3;

  /** Worker lock on a running job: a SIGKILLed worker's job is free for another once it expires. Only tests shorten it. */
  @EnvNumber()
  @Max(600_000)
  @Min(500)
  @IsInt({ message: 'must be an integer (milliseconds)' })
  PROVIDER_WORKER_LOCK_MS = 30_000;

  /** How often the worker looks for jobs whose lock expired (a dead worker's). Only tests shorten it. */
  @EnvNumber()
  @Max(600_000)
  @Min(500)
  @IsInt({ message: 'must be an integer (milliseconds)' })
  PROVIDER_WORKER_STALLED_INTERVAL_MS = 30_000;

  /** BullMQ key prefix (tests use a unique one). */
  @Matches(/^[A-Za-z0-9_.-]{1,64}$/, { message: 'must be 1-64 letters, digits, dots, dashes or underscores' })
  QUEUE_PREFIX = 'bull';
}
