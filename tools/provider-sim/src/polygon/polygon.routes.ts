import { Router } from '../http/router';
import { SimRequest, SimResponse, header } from '../http/http-types';
import { SimContext, requestId } from '../sim/sim-context';
import { aggsGroupedHandler, aggsRangeHandler } from './polygon-aggs.handler';
import { marketNowHandler, upcomingHandler } from './polygon-market-status.handler';
import { dividendsHandler, splitsHandler, tickerDetailsHandler, tickersHandler } from './polygon-reference.handler';
import { polygonError } from './polygon-responses';

export function addPolygonRoutes(router: Router, ctx: SimContext): void {
  const route = (pattern: string, endpoint: string, handler: (req: SimRequest) => SimResponse) =>
    router.add({ method: 'GET', pattern, provider: 'polygon', endpoint, handler });
  route('/v2/aggs/ticker/:ticker/range/:multiplier/:timespan/:from/:to', 'polygon.aggs.range', aggsRangeHandler(ctx));
  route('/v2/aggs/grouped/locale/us/market/stocks/:date', 'polygon.aggs.grouped', aggsGroupedHandler(ctx));
  route('/v3/reference/tickers', 'polygon.tickers', tickersHandler(ctx));
  route('/v3/reference/tickers/:ticker', 'polygon.ticker-details', tickerDetailsHandler(ctx));
  route('/v3/reference/splits', 'polygon.splits', splitsHandler(ctx));
  route('/v3/reference/dividends', 'polygon.dividends', dividendsHandler(ctx));
  route('/v1/marketstatus/upcoming', 'polygon.marketstatus.upcoming', upcomingHandler(ctx));
  route('/v1/marketstatus/now', 'polygon.marketstatus.now', marketNowHandler(ctx));
}

/** The key from `apiKey=` or `Authorization: Bearer`, and the 401 Polygon answers without a valid one. */
export function polygonAuth(
  ctx: SimContext,
  keys: ReadonlySet<string>,
  req: SimRequest,
): { key?: string; failure?: SimResponse } {
  const bearer = header(req, 'authorization')?.match(/^Bearer\s+(.+)$/i)?.[1];
  const key = req.query.get('apiKey') ?? bearer;
  if (!key) return { failure: polygonError(401, requestId(ctx, req), 'API Key was not provided') };
  if (!keys.has(key)) return { key, failure: polygonError(401, requestId(ctx, req), 'Unknown API Key') };
  return { key };
}
