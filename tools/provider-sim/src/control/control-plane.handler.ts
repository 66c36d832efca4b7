import { CALENDAR_LAST_DATE } from '../calendar/nyse-holidays.data';
import { SimResponse, json } from '../http/http-types';
import { SimContext } from '../sim/sim-context';
import { CallStats } from './call-stats';
import { FaultInjector } from './fault-injector';
import { SlidingWindowLimiter, validRateLimit } from './rate-limiter';

export interface AlpacaControl {
  addFills(count: number, symbol?: string): unknown[];
  addOrders(count: number, symbol?: string): unknown[];
  resetLedger(): void;
  /** Where the Alpaca bars differ on purpose from the Polygon bars (for reconciliation tests). */
  disagreements(): readonly unknown[];
}

export interface ControlDeps {
  ctx: SimContext;
  stats: CallStats;
  faults: FaultInjector;
  limiter: SlidingWindowLimiter;
  alpaca?: AlpacaControl;
}

const bad = (message: string): SimResponse => json(400, { error: message });

function parseBody(text: string): unknown {
  if (text.trim() === '') return {};
  try {
    return JSON.parse(text);
  } catch {
    throw new Error('body must be JSON');
  }
}

function applyConfig(deps: ControlDeps, body: Record<string, unknown>): void {
  const { clock, calendar } = deps.ctx;
  const known = new Set(['today', 'now', 'realTime', 'rateLimit']);
  for (const k of Object.keys(body)) if (!known.has(k)) throw new Error(`unknown config field "${k}"`);
  if (body.today !== undefined) {
    if (typeof body.today !== 'string') throw new Error('today must be a YYYY-MM-DD string');
    if (body.today < calendar.firstDate || body.today > CALENDAR_LAST_DATE) {
      throw new Error(`today must be within ${calendar.firstDate}..${CALENDAR_LAST_DATE}`);
    }
    clock.setToday(body.today);
  }
  if (body.now !== undefined) {
    if (typeof body.now !== 'string') throw new Error('now must be an ISO timestamp string');
    clock.setNow(body.now);
  }
  if (body.realTime === true) clock.useRealTime();
  const rate = body.rateLimit as Record<string, unknown> | undefined;
  if (rate !== undefined) {
    if (!rate || typeof rate !== 'object') throw new Error('rateLimit must be an object');
    for (const k of Object.keys(rate))
      if (!['polygon', 'alpaca', 'keys'].includes(k)) throw new Error(`unknown rateLimit field "${k}"`);
    if (rate.polygon !== undefined)
      deps.limiter.setDefault('polygon', validRateLimit(rate.polygon, 'rateLimit.polygon'));
    if (rate.alpaca !== undefined) deps.limiter.setDefault('alpaca', validRateLimit(rate.alpaca, 'rateLimit.alpaca'));
    const keys = rate.keys as Record<string, unknown> | undefined;
    if (keys !== undefined) {
      if (!keys || typeof keys !== 'object')
        throw new Error('rateLimit.keys must be an object {apiKey: {limit, windowMs}}');
      for (const [key, value] of Object.entries(keys))
        deps.limiter.setForKey(key, validRateLimit(value, `rateLimit.keys.${key}`));
    }
  }
}

function configView(deps: ControlDeps) {
  const { clock } = deps.ctx;
  return {
    today: clock.today(),
    now: new Date(clock.now()).toISOString(),
    frozen: clock.frozen,
    lastPublished: clock.lastPublished(),
    planStart: clock.planStart(),
    rateLimit: deps.limiter.rules(),
  };
}

function universeView(ctx: SimContext) {
  const u = ctx.store.universe;
  return {
    seed: ctx.seed,
    tickers: u.tickers.length,
    delisted: u.tickers.filter((t) => t.delistDate).map((t) => ({ ticker: t.ticker, lastSession: t.delistDate })),
    ipos: u.tickers.filter((t) => t.listDate).map((t) => ({ ticker: t.ticker, listDate: t.listDate })),
    splits: u.splits,
    dividends: u.dividends,
  };
}

/** The simulator's own API under /__sim: never rate limited, never faulted. */
export function handleControl(deps: ControlDeps, method: string, path: string, bodyText: string): SimResponse {
  try {
    const route = `${method} ${path.replace(/\/+$/, '')}`;
    switch (route) {
      case 'GET /__sim/stats':
        return json(200, deps.stats.snapshot());
      case 'POST /__sim/reset': {
        const body = parseBody(bodyText) as { alpaca?: unknown };
        deps.stats.reset();
        deps.faults.clear();
        deps.limiter.clearWindows();
        if (body.alpaca === true) deps.alpaca?.resetLedger();
        return json(200, { reset: true });
      }
      case 'GET /__sim/config':
        return json(200, configView(deps));
      case 'POST /__sim/config': {
        const body = parseBody(bodyText);
        if (!body || typeof body !== 'object' || Array.isArray(body)) return bad('body must be a JSON object');
        applyConfig(deps, body as Record<string, unknown>);
        return json(200, configView(deps));
      }
      case 'GET /__sim/faults':
        return json(200, { rules: deps.faults.list() });
      case 'POST /__sim/faults':
        return json(200, { added: deps.faults.add(parseBody(bodyText)), rules: deps.faults.list() });
      case 'DELETE /__sim/faults':
        deps.faults.clear();
        return json(200, { rules: [] });
      case 'GET /__sim/universe':
        return json(200, universeView(deps.ctx));
      case 'GET /__sim/alpaca/disagreements':
        if (!deps.alpaca) return json(404, { error: 'alpaca is not enabled' });
        return json(200, { disagreements: deps.alpaca.disagreements() });
      case 'POST /__sim/alpaca/fills': {
        const body = parseBody(bodyText) as { count?: unknown; symbol?: unknown };
        const count = body.count ?? 1;
        if (!Number.isInteger(count) || (count as number) < 1 || (count as number) > 10_000)
          return bad('count must be an integer between 1 and 10000');
        if (body.symbol !== undefined && (typeof body.symbol !== 'string' || !deps.ctx.store.ticker(body.symbol)))
          return bad('symbol must be a ticker of the universe');
        if (!deps.alpaca) return json(404, { error: 'alpaca is not enabled' });
        return json(200, { fills: deps.alpaca.addFills(count as number, body.symbol as string | undefined) });
      }
      case 'POST /__sim/alpaca/orders': {
        const body = parseBody(bodyText) as { count?: unknown; symbol?: unknown };
        const count = body.count ?? 1;
        if (!Number.isInteger(count) || (count as number) < 1 || (count as number) > 10_000)
          return bad('count must be an integer between 1 and 10000');
        if (body.symbol !== undefined && (typeof body.symbol !== 'string' || !deps.ctx.store.ticker(body.symbol)))
          return bad('symbol must be a ticker of the universe');
        if (!deps.alpaca) return json(404, { error: 'alpaca is not enabled' });
        return json(200, { orders: deps.alpaca.addOrders(count as number, body.symbol as string | undefined) });
      }
      default:
        return json(404, { error: `no control route ${route}` });
    }
  } catch (e) {
    return bad((e as Error).message);
  }
}
