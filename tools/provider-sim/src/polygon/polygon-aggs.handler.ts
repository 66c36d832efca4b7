import { etDate, isValidDate } from '../calendar/eastern-time';
import { DailyBar, MarketDataStore } from '../data/market-data.store';
import { SimRequest, SimResponse, json } from '../http/http-types';
import { SimContext, requestId } from '../sim/sim-context';
import {
  BadParam,
  POLYGON_TIMEFRAME_MESSAGE,
  POLYGON_TODAY_MESSAGE,
  parseBool,
  parseLimit,
  parseOrder,
  polygonError,
  polygonNotAuthorized,
} from './polygon-responses';
import { decodeCursor, encodeCursor } from './polygon-cursor';

interface AggsCursor {
  adjusted: boolean;
  sort: 'asc' | 'desc';
  limit: number;
}

function parseTime(value: string, name: string): string {
  if (isValidDate(value)) return value;
  if (/^\d{1,14}$/.test(value)) return etDate(Number(value));
  throw new BadParam(`Could not parse the time parameter: '${name}'. Use YYYY-MM-DD or Unix MS Timestamps`);
}

function validAggsCursor(c: AggsCursor, text: string): AggsCursor {
  const ok =
    typeof c.adjusted === 'boolean' &&
    (c.sort === 'asc' || c.sort === 'desc') &&
    Number.isInteger(c.limit) &&
    c.limit > 0;
  if (!ok) throw new BadParam(`Could not parse the 'cursor' parameter: '${text}'`);
  return c;
}

function barRow(b: DailyBar) {
  return { v: b.v, vw: b.vw, o: b.o, c: b.c, h: b.h, l: b.l, t: MarketDataStore.rangeT(b.date), n: b.n };
}

/** Answers 403 when a date is outside the plan window or not yet published; undefined when allowed. */
function planCheck(ctx: SimContext, id: string, from: string, to: string): SimResponse | undefined {
  if (from < ctx.clock.planStart()) return polygonNotAuthorized(id, POLYGON_TIMEFRAME_MESSAGE);
  if (to >= ctx.clock.today() && ctx.clock.todayUnpublished()) return polygonNotAuthorized(id, POLYGON_TODAY_MESSAGE);
  return undefined;
}

export function aggsRangeHandler(ctx: SimContext) {
  return (req: SimRequest): SimResponse => {
    const id = requestId(ctx, req);
    try {
      const { ticker, multiplier, timespan } = req.params;
      if (multiplier !== '1' || timespan !== 'day') {
        return polygonError(400, id, `The simulator only serves 1/day aggregates, got ${multiplier}/${timespan}`);
      }
      const cursorText = req.query.get('cursor');
      const cursor = cursorText ? validAggsCursor(decodeCursor<AggsCursor>(cursorText), cursorText) : undefined;
      const adjusted = cursor?.adjusted ?? parseBool(req.query.get('adjusted'), 'adjusted', true);
      const sort = cursor?.sort ?? parseOrder(req.query.get('sort'), 'sort', 'asc');
      const limit = cursor?.limit ?? parseLimit(req.query.get('limit'), 5000, 50_000);
      const from = parseTime(req.params.from, 'from');
      const to = parseTime(req.params.to, 'to');
      const denied = planCheck(ctx, id, from, to);
      if (denied) return denied;

      const info = ctx.store.ticker(ticker);
      const bars = info && from <= to ? ctx.store.range(info, from, to, adjusted, ctx.clock.lastPublished()) : [];
      if (sort === 'desc') bars.reverse();
      const page = bars.slice(0, limit);
      const body: Record<string, unknown> = { ticker, queryCount: page.length, resultsCount: page.length, adjusted };
      if (page.length > 0) body.results = page.map(barRow);
      body.status = 'OK';
      body.request_id = id;
      if (page.length > 0) body.count = page.length;
      if (bars.length > limit) {
        const next = MarketDataStore.rangeT(bars[limit].date);
        const [nFrom, nTo] = sort === 'asc' ? [String(next), req.params.to] : [req.params.from, String(next)];
        const c = encodeCursor<AggsCursor>({ adjusted, sort, limit });
        body.next_url = `${req.origin}/v2/aggs/ticker/${encodeURIComponent(ticker)}/range/1/day/${nFrom}/${nTo}?cursor=${c}`;
      }
      return json(200, body);
    } catch (e) {
      if (e instanceof BadParam) return polygonError(400, id, e.message);
      throw e;
    }
  };
}

export function aggsGroupedHandler(ctx: SimContext) {
  return (req: SimRequest): SimResponse => {
    const id = requestId(ctx, req);
    try {
      const { date } = req.params;
      if (!isValidDate(date)) throw new BadParam(`Could not parse the date parameter: '${date}'. Use YYYY-MM-DD`);
      const adjusted = parseBool(req.query.get('adjusted'), 'adjusted', true);
      parseBool(req.query.get('include_otc'), 'include_otc', false);
      const denied = planCheck(ctx, id, date, date);
      if (denied) return denied;
      const rows = ctx.store.grouped(date, adjusted, ctx.clock.lastPublished());
      const t = MarketDataStore.groupedT(date);
      const body: Record<string, unknown> = { queryCount: rows.length, resultsCount: rows.length, adjusted };
      if (rows.length > 0) {
        body.results = rows.map((b) => ({ T: b.ticker, v: b.v, vw: b.vw, o: b.o, c: b.c, h: b.h, l: b.l, t, n: b.n }));
      }
      body.status = 'OK';
      body.request_id = id;
      return json(200, body);
    } catch (e) {
      if (e instanceof BadParam) return polygonError(400, id, e.message);
      throw e;
    }
  };
}
