import { BaseServiceConfig, EnvInteger, Sensitive, ServiceTokenVariable } from '@mdi/platform';
import { IsOptional, IsString, IsUrl, Matches, MinLength } from 'class-validator';

const SERVICE_URL = { require_tld: false, protocols: ['http', 'https'] };
const SERVICE_URL_MESSAGE = { message: 'must be an http(s) URL' };

export class GatewayConfig extends BaseServiceConfig {
  override PORT = 3000;

  /**
   * Not used: the gateway keeps no data, so a PostgreSQL outage never makes
   * it unready (it is where the outage is reported). Accepted when set, since
   * deployments pass the same environment to every service.
   */
  @IsOptional()
  declare DATABASE_URL: string;

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

  /** The services' service token, sent with every admin action the gateway forwards. */
  @ServiceTokenVariable()
  INTERNAL_API_TOKEN!: string;

  /**
   * How long one round of readiness probes answers GET /health. Together with
   * the probe timeout it bounds how late a failure shows (here 0.5 + 1.2 s).
   * 0 = every request probes every service (only for comparison in bench/).
   */
  @EnvInteger({ min: 0, max: 60_000 })
  GATEWAY_HEALTH_CACHE_MS = 500;

  /** How long one collection of the services' /status answers GET /status (0 = every request collects). */
  @EnvInteger({ min: 0, max: 300_000 })
  GATEWAY_STATUS_CACHE_MS = 2_000;

  /** A service that has not answered a probe within this long is reported down. */
  @EnvInteger({ min: 50, max: 1_800 })
  GATEWAY_PROBE_TIMEOUT_MS = 1_200;

  /** How long an admin action forwarded to a service may take before the gateway answers 504 naming it. */
  @EnvInteger({ min: 100, max: 600_000 })
  GATEWAY_FORWARD_TIMEOUT_MS = 30_000;

  /** BullMQ key prefix of the services' queues, which the queue dashboard shows (the services' QUEUE_PREFIX). */
  @Matches(/^[A-Za-z0-9_.-]{1,64}$/, { message: 'must be 1-64 letters, digits, dots, dashes or underscores' })
  QUEUE_PREFIX = 'bull';

  /** Redis key prefix of the failed admin authentication counters (tests use a unique one). */
  @Matches(/^[A-Za-z0-9:_.-]{1,64}$/, { message: 'must be 1-64 letters, digits, colons, dots, dashes or underscores' })
  ADMIN_AUTH_KEY_PREFIX = 'gateway:admin-auth';
}
