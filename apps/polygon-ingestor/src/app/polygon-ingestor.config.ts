import { BaseServiceConfig, EnvBoolean, EnvList, EnvNumber, Sensitive } from '@mdi/platform';
import { IsBoolean, IsInt, IsOptional, IsString, Matches, Max, Min, MinLength } from 'class-validator';

export class PolygonIngestorConfig extends BaseServiceConfig {
  override PORT = 3001;

  @Sensitive()
  @IsString()
  @MinLength(8, { message: 'must be at least 8 characters' })
  POLYGON_API_KEY!: string;

  @Matches(/^https?:\/\/[^\s/]+(:\d+)?\/?$/, { message: 'must be an http(s) origin such as https://api.polygon.io' })
  POLYGON_BASE_URL = 'https://api.polygon.io';

  /** Calls per window shared by every replica; 4 = 80% of the free tier's 5/min. */
  @EnvNumber()
  @Max(10_000)
  @Min(1)
  @IsInt({ message: 'must be an integer' })
  POLYGON_RATE_LIMIT_PER_MINUTE = 4;

  /** Length of the rate-limit window; only tests shorten it. */
  @EnvNumber()
  @Min(100)
  @IsInt({ message: 'must be an integer (milliseconds)' })
  POLYGON_RATE_WINDOW_MS = 60_000;

  @EnvNumber()
  @Min(60)
  @IsInt({ message: 'must be an integer (seconds)' })
  POLYGON_UPDATE_INTERVAL = 86_400;

  @IsOptional()
  @EnvList()
  @Matches(/^[A-Z]{1,6}(\.[A-Z]{1,2})?$/, { each: true, message: 'must list uppercase tickers such as AAPL,BRK.B' })
  DATA_INGESTION_ACTIVE_SYMBOLS?: string[];

  @EnvNumber()
  @Min(1)
  @IsInt({ message: 'must be an integer (seconds)' })
  DATA_INGESTION_CACHE_TTL = 300;

  @EnvNumber()
  @Max(20)
  @Min(0)
  @IsInt({ message: 'must be an integer' })
  DATA_INGESTION_MAX_RETRIES = 3;

  @EnvBoolean()
  @IsBoolean({ message: 'must be true or false' })
  ENABLE_HISTORICAL_BACKFILL = true;
}
