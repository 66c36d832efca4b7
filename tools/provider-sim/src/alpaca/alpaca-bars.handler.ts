import { etToUtcMs } from '../calendar/eastern-time';
import { DailyBar } from '../data/market-data.store';
import { SimRequest, SimResponse, json } from '../http/http-types';
import { SimContext } from '../sim/sim-context';
import { StockBarsQuery, stockBarsQuery } from './alpaca-bars-params';
import { AlpacaDisagreements } from './alpaca-disagreements';
import { AlpacaBadParam } from './alpaca-params';

/** Alpaca stamps a daily bar at 00:00 New York of its session, written in UTC (04:00Z or 05:00Z). */
export function alpacaBarTime(date: string): string {
  return new Date(etToUtcMs(date, 0)).toISOString().replace('.000Z', 'Z');
}

function barRow(b: DailyBar) {
  return { t: alpacaBarTime(b.date), o: b.o, h: b.h, l: b.l, c: b.c, v: b.v, n: b.n, vw: b.vw };
}

/** The page token names the next bar (symbol and session), as Alpaca's opaque base64 token does. */
function encodeToken(symbol: string, date: string): string {
  return Buffer.from(`${symbol}|${alpacaBarTime(date)}`, 'utf8').toString('base64');
}

function decodeToken(token: string): { symbol: string; date: string } {
  const [symbol, time, extra] = Buffer.from(token, 'base64').toString('utf8').split('|');
  const date = time?.slice(0, 10);
  if (extra !== undefined || !symbol || !date || alpacaBarTime(date) !== time) {
    throw new AlpacaBadParam('invalid page_token');
  }
  return { symbol, date };
}

/**
 * GET /v2/stocks/bars: the simulator's Polygon bars (same generator,
 * sessions, splits and delistings; raw or split-adjusted) as Alpaca serves
 * them, minus or changed by the planted disagreements. Symbols come sorted,
 * each one's bars in time order, at most `limit` bars a page across symbols;
 * next_page_token points at the next bar.
 */
export function stockBarsHandler(ctx: SimContext, disagreements: AlpacaDisagreements) {
  return (req: SimRequest): SimResponse => {
    const query = stockBarsQuery(req.query, ctx.clock.now());
    const start = query.pageToken === null ? null : decodeToken(query.pageToken);
    const lastPublished = ctx.clock.lastPublished();
    const bars: Record<string, ReturnType<typeof barRow>[]> = {};
    let taken = 0;
    for (const symbol of query.symbols) {
      if (start && symbol < start.symbol) continue;
      const series = seriesOf(ctx, disagreements, query, symbol, lastPublished).filter(
        (b) => !start || symbol > start.symbol || (query.sort === 'asc' ? b.date >= start.date : b.date <= start.date),
      );
      if (series.length === 0) continue;
      const room = query.limit - taken;
      if (room === 0) return json(200, { bars, next_page_token: encodeToken(symbol, series[0].date) });
      bars[symbol] = series.slice(0, room).map(barRow);
      taken += bars[symbol].length;
      if (series.length > room) return json(200, { bars, next_page_token: encodeToken(symbol, series[room].date) });
    }
    return json(200, { bars, next_page_token: null });
  };
}

function seriesOf(
  ctx: SimContext,
  disagreements: AlpacaDisagreements,
  query: StockBarsQuery,
  symbol: string,
  lastPublished: string,
): DailyBar[] {
  const info = ctx.store.ticker(symbol);
  if (!info || query.fromDate > query.toDate) return [];
  const bars = ctx.store
    .range(info, query.fromDate, query.toDate, query.adjusted, lastPublished)
    .map((b) => disagreements.apply(symbol, b))
    .filter((b): b is DailyBar => b !== null);
  return query.sort === 'desc' ? bars.reverse() : bars;
}
