import { BaseServiceConfig, EnvBoolean, EnvNumber, Sensitive } from '@mdi/platform';
import { IsBoolean, IsInt, IsString, Matches, Max, Min, MinLength, ValidateIf, NotEquals } from 'class-validator';

export const ALPACA_LIVE_URL = 'https://api.alpaca.markets';

export class AlpacaMonitorConfig extends BaseServiceConfig {
  override PORT = 3002;

  @Sensitive()
  @IsString()
  @MinLength(8, { message: 'must be at least 8 characters' })
  ALPACA_API_KEY!: string;

  @Sensitive()
  @IsString()
  @MinLength(8, { message: 'must be at least 8 characters' })
  ALPACA_SECRET_KEY!: string;

  /** Paper by default; the live host is refused unless ALPACA_ALLOW_LIVE=true. */
  @ValidateIf((config: AlpacaMonitorConfig) => !config.ALPACA_ALLOW_LIVE)
  @NotEquals(ALPACA_LIVE_URL, { message: 'points at the LIVE trading host; set ALPACA_ALLOW_LIVE=true to allow it' })
  @Matches(/^https?:\/\/[^\s/]+(:\d+)?\/?$/, { message: 'must be an http(s) origin such as https://paper-api.alpaca.markets' })
  ALPACA_BASE_URL = 'https://paper-api.alpaca.markets';

  @EnvBoolean()
  @IsBoolean({ message: 'must be true or false' })
  ALPACA_ALLOW_LIVE = false;

  @EnvNumber()
  @Max(3600)
  @Min(1)
  @IsInt({ message: 'must be an integer (seconds)' })
  ALPACA_UPDATE_INTERVAL = 60;

  @EnvNumber()
  @Max(200)
  @Min(1)
  @IsInt({ message: 'must be an integer' })
  ALPACA_RATE_LIMIT_PER_MINUTE = 180;

  @EnvNumber()
  @Max(20)
  @Min(0)
  @IsInt({ message: 'must be an integer' })
  DATA_INGESTION_MAX_RETRIES = 3;

  @EnvBoolean()
  @IsBoolean({ message: 'must be true or false' })
  ENABLE_REALTIME_TRADING = true;

  /** Length of the Alpaca budget window; only tests shorten it. */
  @EnvNumber()
  @Max(3_600_000)
  @Min(1000)
  @IsInt({ message: 'must be an integer (milliseconds)' })
  ALPACA_RATE_WINDOW_MS = 60_000;

  /** How long an open circuit refuses calls before one trial call. */
  @EnvNumber()
  @Max(3600)
  @Min(1)
  @IsInt({ message: 'must be an integer (seconds)' })
  ALPACA_CIRCUIT_HALF_OPEN_SECONDS = 30;

  /** Base of the exponential backoff between attempts of one call. */
  @EnvNumber()
  @Max(600_000)
  @Min(10)
  @IsInt({ message: 'must be an integer (milliseconds)' })
  ALPACA_RETRY_BASE_DELAY_MS = 2000;

  /** Data older than this is reported stale in /status; 0 = three update intervals. */
  @EnvNumber()
  @Max(86_400)
  @Min(0)
  @IsInt({ message: 'must be an integer (seconds)' })
  ALPACA_STALE_AFTER_SECONDS = 0;

  /** TTL of the cached account and positions. */
  @EnvNumber()
  @Max(86_400)
  @Min(1)
  @IsInt({ message: 'must be an integer (seconds)' })
  DATA_INGESTION_CACHE_TTL = 300;

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

  /** Prefix of every cache key (tests use a unique one). */
  @Matches(/^[A-Za-z0-9_.:-]{0,64}$/, { message: 'must be at most 64 letters, digits, dots, colons, dashes or underscores' })
  CACHE_KEY_PREFIX = '';
}

/** Seconds after which /status calls the data stale. */
export function staleAfterSeconds(config: AlpacaMonitorConfig): number {
  return config.ALPACA_STALE_AFTER_SECONDS > 0 ? config.ALPACA_STALE_AFTER_SECONDS : 3 * config.ALPACA_UPDATE_INTERVAL;
}
