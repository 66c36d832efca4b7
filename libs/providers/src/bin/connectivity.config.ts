import { ApiKeyVariable, EnvBoolean, EnvInteger, Sensitive } from '@mdi/platform';
import { IsBoolean, IsString, Matches } from 'class-validator';
import { ALPACA_DEFAULT_RATE_LIMIT, POLYGON_DEFAULT_RATE_LIMIT } from '../lib/resilience/resilience.constants';

/**
 * The seed's variables the connectivity check reads (same names as the
 * services). URLs and REDIS_URL have no default here: when unset they come
 * from the local defaults (withLocalDefaults: the simulator, local Redis).
 */
export class ConnectivityConfig {
  @ApiKeyVariable()
  POLYGON_API_KEY!: string;

  /** Polygon's API is also served as https://api.massive.com (same keys). */
  @Matches(/^https?:\/\/[^\s/]+(:\d+)?\/?$/, {
    message: 'must be an http(s) origin such as https://api.polygon.io or https://api.massive.com',
  })
  POLYGON_BASE_URL!: string;

  @EnvInteger({ min: 1, max: 10_000 })
  POLYGON_RATE_LIMIT_PER_MINUTE = POLYGON_DEFAULT_RATE_LIMIT;

  @EnvInteger({ min: 100, unit: 'milliseconds' })
  POLYGON_RATE_WINDOW_MS = 60_000;

  @ApiKeyVariable()
  ALPACA_API_KEY!: string;

  @ApiKeyVariable()
  ALPACA_SECRET_KEY!: string;

  @Matches(/^https?:\/\/[^\s/]+(:\d+)?\/?$/, {
    message: 'must be an http(s) origin such as https://paper-api.alpaca.markets',
  })
  ALPACA_BASE_URL!: string;

  /** Alpaca's market-data host (historical bars); the simulator's URL when ALPACA_BASE_URL is not set either. */
  @Matches(/^https?:\/\/[^\s/]+(:\d+)?\/?$/, {
    message: 'must be an http(s) origin such as https://data.alpaca.markets',
  })
  ALPACA_DATA_BASE_URL = 'https://data.alpaca.markets';

  @EnvBoolean()
  @IsBoolean({ message: 'must be true or false' })
  ALPACA_ALLOW_LIVE = false;

  @EnvInteger({ min: 1, max: 200 })
  ALPACA_RATE_LIMIT_PER_MINUTE = ALPACA_DEFAULT_RATE_LIMIT;

  @Sensitive()
  @IsString()
  @Matches(/^rediss?:\/\/\S+$/, { message: 'must be a redis:// URL' })
  REDIS_URL!: string;

  /** BullMQ key prefix of the provider queues ("bull" unless the services set one). */
  @IsString()
  @Matches(/^[A-Za-z0-9_.-]+$/, { message: 'must be letters, digits, ".", "_" or "-"' })
  QUEUE_PREFIX = 'bull';
}
