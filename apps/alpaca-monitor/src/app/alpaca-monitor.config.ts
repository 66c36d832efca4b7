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
}
