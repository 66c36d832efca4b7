import { ALPACA_LIVE_URL } from './alpaca-monitor.config';

export interface TradingMode {
  /** 'live' only for Alpaca's live host, which the configuration refuses unless ALPACA_ALLOW_LIVE=true. */
  readonly mode: 'paper' | 'live';
  /** Origin the monitor calls (never carries credentials: they travel in headers). */
  readonly endpoint: string;
}

export function tradingModeOf(baseUrl: string): TradingMode {
  const endpoint = baseUrl.replace(/\/+$/, '');
  return { mode: endpoint === ALPACA_LIVE_URL ? 'live' : 'paper', endpoint };
}
