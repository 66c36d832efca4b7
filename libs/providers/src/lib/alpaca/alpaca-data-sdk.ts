import { marketData } from '@alpacahq/alpaca-trade-api';
import { HTTP_TIMEOUT_MS } from '../resilience/resilience.constants';

/** Alpaca's market-data host (the trading API is on another: ALPACA_BASE_URL). */
export const ALPACA_DATA_URL = 'https://data.alpaca.markets';

export interface AlpacaDataCredentials {
  readonly keyId: string;
  readonly secret: string;
  /** ALPACA_DATA_BASE_URL; Alpaca's data host by default. */
  readonly dataBaseUrl?: string;
  readonly timeoutMs?: number;
}

/**
 * The SDK's generated market-data StockApi on its own Configuration: it takes
 * a basePath like the trading classes (the simulator in tests, the data host
 * in production), and its retry and per-process rate limiter stay off (not
 * passed): the shared BullMQ queue owns both for every replica.
 */
export function createAlpacaStockApi(credentials: AlpacaDataCredentials): marketData.StockApi {
  const configuration = new marketData.Configuration({
    basePath: (credentials.dataBaseUrl ?? ALPACA_DATA_URL).replace(/\/+$/, ''),
    keyId: credentials.keyId,
    secret: credentials.secret,
    timeoutMs: credentials.timeoutMs ?? HTTP_TIMEOUT_MS,
  });
  return new marketData.StockApi(configuration);
}
