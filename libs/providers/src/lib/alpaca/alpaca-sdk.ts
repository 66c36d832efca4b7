import { trading } from '@alpacahq/alpaca-trade-api';
import { HTTP_TIMEOUT_MS } from '../resilience/resilience.constants';

export const ALPACA_PAPER_URL = 'https://paper-api.alpaca.markets';
export const ALPACA_LIVE_URL = 'https://api.alpaca.markets';

export interface AlpacaCredentials {
  readonly keyId: string;
  readonly secret: string;
  /** ALPACA_BASE_URL; paper by default. */
  readonly baseUrl?: string;
  /** The live host is refused unless this is true. */
  readonly allowLive?: boolean;
  readonly timeoutMs?: number;
}

/** The generated API classes we call, on one Configuration. */
export interface AlpacaApis {
  readonly accounts: trading.AccountsApi;
  readonly positions: trading.PositionsApi;
  readonly orders: trading.OrdersApi;
  readonly activities: trading.AccountActivitiesApi;
  readonly calendar: trading.CalendarApi;
  readonly clock: trading.ClockApi;
}

/**
 * The low-level API classes rather than the facade: they take a basePath,
 * and their retry and per-process rate limiter stay OFF (not passed), because
 * the shared BullMQ queue owns both for every replica.
 */
export function createAlpacaApis(credentials: AlpacaCredentials): AlpacaApis {
  const basePath = (credentials.baseUrl ?? ALPACA_PAPER_URL).replace(/\/+$/, '');
  if (basePath === ALPACA_LIVE_URL && !credentials.allowLive) {
    throw new Error('ALPACA_BASE_URL points at the LIVE trading host; live trading must be enabled explicitly');
  }
  const configuration = new trading.Configuration({
    basePath,
    keyId: credentials.keyId,
    secret: credentials.secret,
    timeoutMs: credentials.timeoutMs ?? HTTP_TIMEOUT_MS,
  });
  return {
    accounts: new trading.AccountsApi(configuration),
    positions: new trading.PositionsApi(configuration),
    orders: new trading.OrdersApi(configuration),
    activities: new trading.AccountActivitiesApi(configuration),
    calendar: new trading.CalendarApi(configuration),
    clock: new trading.ClockApi(configuration),
  };
}
