import type { SystemSecrets } from './secrets';

/** The Polygon simulator's frozen "today" (a Monday, 20:00 ET) and the ingestor's clock at that instant. */
export const SIM_TODAY = '2025-11-24';
export const SIM_EVENING = '2025-11-25T01:00:00.000Z';
/** A second Polygon key the suite itself reads the simulator with: its calls are counted apart from the service's. */
export const AUDIT_POLYGON_KEY = 'fault-suite-audit-key';

export interface Endpoints {
  readonly databaseUrl: string;
  readonly redisUrl: string;
  readonly polygonUrl: string;
  readonly alpacaUrl: string;
}

export interface Tuning {
  /** Polygon calls per second the ingestor allows itself (the simulator allows 5). */
  readonly polygonCallsPerSecond: number;
  readonly logLevel: string;
}

/**
 * What every service gets: storage, the service token, and a worker lock of
 * 10 s (default 30 s) so a SIGKILLed worker's job is taken over within the
 * case's bound. Not shorter: on a loaded 2-core machine a live process can
 * stall for a second or two, and a lock that expires under a live job hands
 * it to a second worker, which calls Polygon twice (measured with 2 s: 22
 * calls for a plan of 20).
 */
function common(endpoints: Endpoints, secrets: SystemSecrets, tuning: Tuning): Record<string, string> {
  return {
    DATABASE_URL: endpoints.databaseUrl,
    REDIS_URL: endpoints.redisUrl,
    INTERNAL_API_TOKEN: secrets.internalApiToken,
    LOG_LEVEL: tuning.logLevel,
    PROVIDER_WORKER_LOCK_MS: '10000',
    PROVIDER_WORKER_STALLED_INTERVAL_MS: '1000',
  };
}

/** Backfills only when asked (each case asks for its own symbols); no schedule fires during a case. */
export function ingestorEnv(endpoints: Endpoints, secrets: SystemSecrets, tuning: Tuning): Record<string, string> {
  return {
    ...common(endpoints, secrets, tuning),
    POLYGON_API_KEY: secrets.polygonApiKey,
    POLYGON_BASE_URL: endpoints.polygonUrl,
    POLYGON_RATE_LIMIT_PER_MINUTE: String(tuning.polygonCallsPerSecond),
    POLYGON_RATE_WINDOW_MS: '1000',
    DATA_INGESTION_MAX_RETRIES: '3',
    MDI_SIMULATED_PROVIDERS: 'true',
    CLOCK_FIXED_AT: SIM_EVENING,
    BACKFILL_ON_START: 'false',
    EOD_CRON: 'off',
    GAP_REPAIR_CRON: 'off',
    CORPORATE_ACTIONS_CRON: 'off',
    REFERENCE_SYNC_CRON: 'off',
  };
}

/** Polls every second with short breaker and retry timings, as the monitor's own e2e specs do. */
export function monitorEnv(endpoints: Endpoints, secrets: SystemSecrets, tuning: Tuning): Record<string, string> {
  return {
    ...common(endpoints, secrets, tuning),
    ALPACA_API_KEY: secrets.alpacaKeyId,
    ALPACA_SECRET_KEY: secrets.alpacaSecretKey,
    ALPACA_BASE_URL: endpoints.alpacaUrl,
    ALPACA_UPDATE_INTERVAL: '1',
    ALPACA_RATE_LIMIT_PER_MINUTE: '200',
    ALPACA_RATE_WINDOW_MS: '2000',
    ALPACA_CIRCUIT_HALF_OPEN_SECONDS: '2',
    ALPACA_RETRY_BASE_DELAY_MS: '100',
    DATA_INGESTION_MAX_RETRIES: '2',
  };
}

/** Quality runs only when an admin action asks for one. */
export function qualityEnv(endpoints: Endpoints, secrets: SystemSecrets, tuning: Tuning): Record<string, string> {
  return { ...common(endpoints, secrets, tuning), QUALITY_SCHEDULER_ENABLED: 'false' };
}

export function gatewayEnv(
  endpoints: Endpoints,
  secrets: SystemSecrets,
  tuning: Tuning,
  services: { ingestor: string; monitor: string; quality: string },
): Record<string, string> {
  return {
    ...common(endpoints, secrets, tuning),
    GATEWAY_ADMIN_TOKEN: secrets.gatewayAdminToken,
    POLYGON_INGESTOR_URL: services.ingestor,
    ALPACA_MONITOR_URL: services.monitor,
    QUALITY_SERVICE_URL: services.quality,
  };
}
