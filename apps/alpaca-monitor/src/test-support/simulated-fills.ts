import type { ProviderSimulator } from '@mdi/testing';

export const SIM_KEY = { keyId: 'alpaca-e2e-key-4f1c', secret: 'alpaca-e2e-secret-9b2d' };

/** Every FILL activity the simulator holds, read straight from it (ascending by id). */
export async function simulatedFills(sim: ProviderSimulator, key = SIM_KEY): Promise<Array<Record<string, string>>> {
  const all: Array<Record<string, string>> = [];
  let token: string | undefined;
  for (;;) {
    const query = new URLSearchParams({
      activity_types: 'FILL',
      direction: 'asc',
      page_size: '100',
      ...(token ? { page_token: token } : {}),
    });
    const response = await fetch(`${sim.url}/v2/account/activities?${query}`, {
      headers: { 'APCA-API-KEY-ID': key.keyId, 'APCA-API-SECRET-KEY': key.secret },
    });
    if (!response.ok) throw new Error(`simulator answered ${response.status}: ${await response.text()}`);
    const page = (await response.json()) as Array<Record<string, string>>;
    all.push(...page);
    if (page.length < 100) return all;
    token = page[page.length - 1]['id'];
  }
}

/** Base environment of a monitor process against the simulator, with short intervals. */
export function monitorEnv(options: {
  databaseUrl: string;
  alpacaUrl: string;
  prefix: string;
}): Record<string, string> {
  return {
    DATABASE_URL: options.databaseUrl,
    REDIS_URL: process.env['TEST_REDIS_URL'] || 'redis://127.0.0.1:6379',
    // info would log every fill; warn keeps refusals, failures and the circuit.
    LOG_LEVEL: 'warn',
    ALPACA_API_KEY: SIM_KEY.keyId,
    ALPACA_SECRET_KEY: SIM_KEY.secret,
    ALPACA_BASE_URL: options.alpacaUrl,
    ALPACA_UPDATE_INTERVAL: '1',
    ALPACA_RATE_LIMIT_PER_MINUTE: '200',
    ALPACA_RATE_WINDOW_MS: '2000',
    ALPACA_CIRCUIT_HALF_OPEN_SECONDS: '2',
    ALPACA_RETRY_BASE_DELAY_MS: '100',
    DATA_INGESTION_MAX_RETRIES: '2',
    QUEUE_PREFIX: options.prefix,
    CACHE_KEY_PREFIX: `${options.prefix}:`,
  };
}
