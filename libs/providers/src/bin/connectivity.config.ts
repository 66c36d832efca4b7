import { EnvBoolean, EnvNumber, Sensitive } from '@mdi/platform';
import { IsBoolean, IsInt, IsString, Matches, Max, Min, MinLength } from 'class-validator';

/**
 * The seed's variables the connectivity check reads (same names as the
 * services). URLs and REDIS_URL have no default here: when unset they come
 * from the local defaults (withLocalDefaults: the simulator, local Redis).
 */
export class ConnectivityConfig {
  @Sensitive()
  @IsString()
  @MinLength(8, { message: 'must be at least 8 characters' })
  POLYGON_API_KEY!: string;

  /** Polygon's API is also served as https://api.massive.com (same keys). */
  @Matches(/^https?:\/\/[^\s/]+(:\d+)?\/?$/, {
    message: 'must be an http(s) origin such as https://api.polygon.io or https://api.massive.com',
  })
  POLYGON_BASE_URL!: string;

  @EnvNumber()
  @Max(10_000)
  @Min(1)
  @IsInt({ message: 'must be an integer' })
  POLYGON_RATE_LIMIT_PER_MINUTE = 4;

  @EnvNumber()
  @Min(100)
  @IsInt({ message: 'must be an integer (milliseconds)' })
  POLYGON_RATE_WINDOW_MS = 60_000;

  @Sensitive()
  @IsString()
  @MinLength(8, { message: 'must be at least 8 characters' })
  ALPACA_API_KEY!: string;

  @Sensitive()
  @IsString()
  @MinLength(8, { message: 'must be at least 8 characters' })
  ALPACA_SECRET_KEY!: string;

  @Matches(/^https?:\/\/[^\s/]+(:\d+)?\/?$/, {
    message: 'must be an http(s) origin such as https://paper-api.alpaca.markets',
  })
  ALPACA_BASE_URL!: string;

  @EnvBoolean()
  @IsBoolean({ message: 'must be true or false' })
  ALPACA_ALLOW_LIVE = false;

  @EnvNumber()
  @Max(200)
  @Min(1)
  @IsInt({ message: 'must be an integer' })
  ALPACA_RATE_LIMIT_PER_MINUTE = 180;

  @Sensitive()
  @IsString()
  @Matches(/^rediss?:\/\/\S+$/, { message: 'must be a redis:// URL' })
  REDIS_URL!: string;

  /** BullMQ key prefix of the provider queues ("bull" unless the services set one). */
  @IsString()
  @Matches(/^[A-Za-z0-9_.-]+$/, { message: 'must be letters, digits, ".", "_" or "-"' })
  QUEUE_PREFIX = 'bull';
}
