import { addDays, isValidDate } from '../calendar/eastern-time';
import { TickerInfo } from '../data/universe.generator';
import { SimRequest, SimResponse, json } from '../http/http-types';
import { SimContext, requestId } from '../sim/sim-context';
import { listQuery, pageOf, rangeFilter } from './polygon-paging';
import { BadParam, parseBool, parseLimit, parseOrder, polygonError } from './polygon-responses';

const parseDate = (name: string) => (v: string) => {
  if (!isValidDate(v)) throw new BadParam(`Could not parse the '${name}' parameter: '${v}'. Use YYYY-MM-DD`);
  return v;
};

const parseNumber = (name: string) => (v: string) => {
  const n = Number(v);
  if (v.trim() === '' || !Number.isFinite(n)) throw new BadParam(`Could not parse the '${name}' parameter: '${v}'`);
  return n;
};

function envelope(req: SimRequest, ctx: SimContext, page: unknown[], nextUrl?: string): SimResponse {
  const body: Record<string, unknown> = {};
  if (page.length > 0) body.results = page;
  body.status = 'OK';
  body.request_id = requestId(ctx, req);
  body.count = page.length;
  if (nextUrl) body.next_url = nextUrl;
  return json(200, body);
}

/** Wraps a handler so parameter errors become Polygon's 400 ERROR body. */
function guarded(ctx: SimContext, fn: (req: SimRequest) => SimResponse) {
  return (req: SimRequest): SimResponse => {
    try {
      return fn(req);
    } catch (e) {
      if (e instanceof BadParam) return polygonError(400, requestId(ctx, req), e.message);
      throw e;
    }
  };
}

function tickerRow(info: TickerInfo, today: string, lastUpdated: string) {
  const delisted = info.delistDate !== undefined && info.delistDate < today;
  const delistedUtc = delisted ? `${addDays(info.delistDate as string, 1)}T00:00:00Z` : undefined;
  return {
    ticker: info.ticker,
    name: info.name,
    market: 'stocks',
    locale: 'us',
    primary_exchange: info.exchange,
    type: 'CS',
    active: !delisted,
    currency_name: 'usd',
    cik: info.cik,
    composite_figi: info.compositeFigi,
    share_class_figi: info.shareClassFigi,
    ...(delistedUtc
      ? { delisted_utc: delistedUtc, last_updated_utc: delistedUtc }
      : { last_updated_utc: `${lastUpdated}T00:00:00Z` }),
  };
}

export function tickersHandler(ctx: SimContext) {
  return guarded(ctx, (req) => {
    const { query, offset } = listQuery(req);
    const active = parseBool(query.get('active'), 'active', true);
    const limit = parseLimit(query.get('limit'), 100, 1000);
    const order = parseOrder(query.get('order'), 'order', 'asc');
    const sort = query.get('sort') ?? 'ticker';
    if (sort !== 'ticker') throw new BadParam(`The simulator only sorts by ticker, got sort=${sort}`);
    const market = query.get('market');
    const type = query.get('type');
    const exchange = query.get('exchange');
    const search = query.get('search')?.toLowerCase();
    const today = ctx.clock.today();
    const lastUpdated = ctx.clock.lastPublished();
    const rows = ctx.store.universe.tickers
      .filter((t) => !t.listDate || t.listDate <= today)
      .map((t) => tickerRow(t, today, lastUpdated))
      .filter(
        (r) =>
          r.active === active &&
          (market === null || market === r.market) &&
          (type === null || type === r.type) &&
          (exchange === null || exchange === r.primary_exchange) &&
          (!search || r.ticker.toLowerCase().includes(search) || r.name.toLowerCase().includes(search)) &&
          rangeFilter(query, 'ticker', r.ticker, (v) => v),
      );
    if (order === 'desc') rows.reverse();
    const { page, nextUrl } = pageOf(req, rows, query, offset, limit);
    return envelope(req, ctx, page, nextUrl);
  });
}

/**
 * /v3/reference/tickers/{ticker}: the ticker's record under `results` (with
 * its list date), or Polygon's 404 NOT_FOUND for a ticker it does not know
 * or that is not listed yet.
 */
export function tickerDetailsHandler(ctx: SimContext) {
  return guarded(ctx, (req) => {
    const today = ctx.clock.today();
    const info = ctx.store.universe.tickers.find(
      (t) => t.ticker === req.params.ticker && (!t.listDate || t.listDate <= today),
    );
    if (!info) return json(404, { status: 'NOT_FOUND', request_id: requestId(ctx, req), message: 'Ticker not found.' });
    const results = {
      ...tickerRow(info, today, ctx.clock.lastPublished()),
      ...(info.listDate ? { list_date: info.listDate } : {}),
    };
    return json(200, { status: 'OK', request_id: requestId(ctx, req), results });
  });
}

export function splitsHandler(ctx: SimContext) {
  return guarded(ctx, (req) => {
    const { query, offset } = listQuery(req);
    const limit = parseLimit(query.get('limit'), 10, 1000);
    const order = parseOrder(query.get('order'), 'order', 'desc');
    const reverse =
      query.get('reverse_split') === null ? undefined : parseBool(query.get('reverse_split'), 'reverse_split', false);
    const today = ctx.clock.today();
    const rows = ctx.store.universe.splits
      .filter(
        (s) =>
          s.executionDate <= today &&
          (reverse === undefined || reverse === s.splitFrom > s.splitTo) &&
          rangeFilter(query, 'ticker', s.ticker, (v) => v) &&
          rangeFilter(query, 'execution_date', s.executionDate, parseDate('execution_date')),
      )
      .map((s) => ({
        execution_date: s.executionDate,
        id: s.id,
        split_from: s.splitFrom,
        split_to: s.splitTo,
        ticker: s.ticker,
      }));
    if (order === 'desc') rows.reverse();
    const { page, nextUrl } = pageOf(req, rows, query, offset, limit);
    return envelope(req, ctx, page, nextUrl);
  });
}

export function dividendsHandler(ctx: SimContext) {
  return guarded(ctx, (req) => {
    const { query, offset } = listQuery(req);
    const limit = parseLimit(query.get('limit'), 10, 1000);
    const order = parseOrder(query.get('order'), 'order', 'desc');
    const today = ctx.clock.today();
    const rows = ctx.store.universe.dividends
      .filter(
        (d) =>
          d.declarationDate <= today &&
          rangeFilter(query, 'ticker', d.ticker, (v) => v) &&
          rangeFilter(query, 'ex_dividend_date', d.exDividendDate, parseDate('ex_dividend_date')) &&
          rangeFilter(query, 'cash_amount', d.cashAmount, parseNumber('cash_amount')) &&
          rangeFilter(query, 'frequency', d.frequency, parseNumber('frequency')) &&
          (query.get('dividend_type') === null || query.get('dividend_type') === 'CD'),
      )
      .map((d) => ({
        cash_amount: d.cashAmount,
        currency: 'USD',
        declaration_date: d.declarationDate,
        dividend_type: 'CD',
        ex_dividend_date: d.exDividendDate,
        frequency: d.frequency,
        id: d.id,
        pay_date: d.payDate,
        record_date: d.recordDate,
        ticker: d.ticker,
      }));
    if (order === 'desc') rows.reverse();
    const { page, nextUrl } = pageOf(req, rows, query, offset, limit);
    return envelope(req, ctx, page, nextUrl);
  });
}
