import { BaseServiceConfig, Sensitive } from '@mdi/platform';
import { IsOptional, IsString, IsUrl, MinLength } from 'class-validator';

const SERVICE_URL = { require_tld: false, protocols: ['http', 'https'] };
const SERVICE_URL_MESSAGE = { message: 'must be an http(s) URL' };

export class GatewayConfig extends BaseServiceConfig {
  override PORT = 3000;

  @IsUrl(SERVICE_URL, SERVICE_URL_MESSAGE)
  POLYGON_INGESTOR_URL = 'http://127.0.0.1:3001';

  @IsUrl(SERVICE_URL, SERVICE_URL_MESSAGE)
  ALPACA_MONITOR_URL = 'http://127.0.0.1:3002';

  @IsUrl(SERVICE_URL, SERVICE_URL_MESSAGE)
  QUALITY_SERVICE_URL = 'http://127.0.0.1:3003';

  /** Bearer token for admin endpoints; without it they are disabled. */
  @IsOptional()
  @Sensitive()
  @IsString()
  @MinLength(16, { message: 'must be at least 16 characters' })
  GATEWAY_ADMIN_TOKEN?: string;
}
