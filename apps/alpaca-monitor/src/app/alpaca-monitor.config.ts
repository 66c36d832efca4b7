import { ALPACA_DEFAULT_RATE_LIMIT, ProviderServiceConfig } from '@mdi/providers';
import { ApiKeyVariable, EnvBoolean, EnvInteger } from '@mdi/platform';
import { IsBoolean, Matches, NotEquals, ValidateIf } from 'class-validator';

export const ALPACA_LIVE_URL = 'https://api.alpaca.markets';

export class AlpacaMonitorConfig extends ProviderServiceConfig {
  override PORT = 3002;

  @ApiKeyVariable()
  ALPACA_API_KEY!: string;

  @ApiKeyVariable()
  ALPACA_SECRET_KEY!: string;

  /** Paper by default; the live host is refused unless ALPACA_ALLOW_LIVE=true. */
  @ValidateIf((config: AlpacaMonitorConfig) => !config.ALPACA_ALLOW_LIVE)
  @NotEquals(ALPACA_LIVE_URL, { message: 'points at the LIVE trading host; set ALPACA_ALLOW_LIVE=true to allow it' })
  @Matches(/^https?:\/\/[^\s/]+(:\d+)?\/?$/, {
    message: 'must be an http(s) origin such as https://paper-api.alpaca.markets',
  })
  ALPACA_BASE_URL = 'https://paper-api.alpaca.markets';

  @EnvBoolean()
  @IsBoolean({ message: 'must be true or false' })
  ALPACA_ALLOW_LIVE = false;

  @EnvInteger({ min: 1, max: 3600, unit: 'seconds' })
  ALPACA_UPDATE_INTERVAL = 60;

  @EnvInteger({ min: 1, max: 200 })
  ALPACA_RATE_LIMIT_PER_MINUTE = ALPACA_DEFAULT_RATE_LIMIT;

  @EnvBoolean()
  @IsBoolean({ message: 'must be true or false' })
  ENABLE_REALTIME_TRADING = true;

  /** Length of the Alpaca budget window; only tests shorten it. */
  @EnvInteger({ min: 1000, max: 3_600_000, unit: 'milliseconds' })
  ALPACA_RATE_WINDOW_MS = 60_000;

  /** The longest wait of an open circuit between trial calls (the first comes after 0.5 s, then doubling). */
  @EnvInteger({ min: 1, max: 3600, unit: 'seconds' })
  ALPACA_CIRCUIT_HALF_OPEN_SECONDS = 5;

  /** Base of the exponential backoff between attempts of one call. */
  @EnvInteger({ min: 10, max: 600_000, unit: 'milliseconds' })
  ALPACA_RETRY_BASE_DELAY_MS = 2000;

  /** Data older than this is reported stale in /status; 0 = three update intervals. */
  @EnvInteger({ min: 0, max: 86_400, unit: 'seconds' })
  ALPACA_STALE_AFTER_SECONDS = 0;

  /** TTL of the cached account and positions. */
  @EnvInteger({ min: 1, max: 86_400, unit: 'seconds' })
  DATA_INGESTION_CACHE_TTL = 300;

  /** Prefix of every cache key (tests use a unique one). */
  @Matches(/^[A-Za-z0-9_.:-]{0,64}$/, {
    message: 'must be at most 64 letters, digits, dots, colons, dashes or underscores',
  })
  CACHE_KEY_PREFIX = '';
}

/** Seconds after which /status calls the data stale. */
export function staleAfterSeconds(config: AlpacaMonitorConfig): number {
  return config.ALPACA_STALE_AFTER_SECONDS > 0 ? config.ALPACA_STALE_AFTER_SECONDS : 3 * config.ALPACA_UPDATE_INTERVAL;
}
