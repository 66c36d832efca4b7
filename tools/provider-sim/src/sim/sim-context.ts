import { TradingCalendar } from '../calendar/trading-calendar';
import { hexId } from '../data/prng';
import { MarketDataStore } from '../data/market-data.store';
import { SimRequest } from '../http/http-types';
import { SimClock } from './sim-clock';

/** What request handlers share: the seed, the calendar, the clock and the data. */
export interface SimContext {
  seed: number;
  calendar: TradingCalendar;
  clock: SimClock;
  store: MarketDataStore;
  /** The start-up "today": generated events (splits, delistings, Alpaca history) are placed relative to it. */
  anchorDate: string;
}

/** A request id that is stable for the same request, so answers stay byte-identical. */
export function requestId(ctx: SimContext, req: SimRequest): string {
  const query = [...req.query.entries()]
    .filter(([k]) => k !== 'apiKey')
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([k, v]) => `${k}=${v}`)
    .join('&');
  return hexId(ctx.seed, `${req.method} ${req.path}?${query}|${ctx.clock.today()}`);
}
