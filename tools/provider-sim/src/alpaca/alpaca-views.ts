import { uuidFrom, rngFor } from '../data/prng';
import { SimContext } from '../sim/sim-context';
import { AlpacaLedger } from './alpaca-ledger';
import { LedgerFill, LedgerOrder, decimal, filledQty, orderStatus } from './alpaca-model';

const EXCHANGE_NAMES: Record<string, string> = { XNAS: 'NASDAQ', XNYS: 'NYSE', ARCX: 'ARCA' };

export function orderView(o: LedgerOrder) {
  const filled = filledQty(o);
  const status = orderStatus(o);
  const lastFill = o.fills[o.fills.length - 1];
  const notional = o.fills.reduce((s, f) => s + f.qty * f.price, 0);
  const updated = [o.created, lastFill?.time, o.canceled]
    .filter((x): x is string => !!x)
    .sort()
    .pop() as string;
  return {
    id: o.id,
    client_order_id: o.clientOrderId,
    created_at: o.created,
    updated_at: updated,
    submitted_at: o.submitted,
    filled_at: status === 'filled' ? lastFill.time : null,
    expired_at: null,
    canceled_at: o.canceled ?? null,
    failed_at: null,
    replaced_at: null,
    replaced_by: null,
    replaces: null,
    asset_id: o.assetId,
    symbol: o.symbol,
    asset_class: 'us_equity',
    notional: null,
    qty: decimal(o.qty),
    filled_qty: decimal(filled),
    filled_avg_price: filled > 0 ? decimal(notional / filled) : null,
    order_class: '',
    order_type: o.type,
    type: o.type,
    side: o.side,
    position_intent: o.side === 'buy' ? 'buy_to_open' : 'sell_to_close',
    time_in_force: o.timeInForce,
    limit_price: o.limitPrice === undefined ? null : decimal(o.limitPrice),
    stop_price: null,
    status,
    extended_hours: false,
    legs: null,
    trail_percent: null,
    trail_price: null,
    hwm: null,
    expires_at: o.expires,
  };
}

export function fillView(f: LedgerFill) {
  return {
    id: f.id,
    activity_type: 'FILL',
    transaction_time: f.time,
    type: f.leavesQty > 0 ? 'partial_fill' : 'fill',
    price: decimal(f.price),
    qty: decimal(f.qty),
    side: f.side,
    symbol: f.symbol,
    leaves_qty: decimal(f.leavesQty),
    order_id: f.orderId,
    cum_qty: decimal(f.cumQty),
    order_status: f.leavesQty > 0 ? 'partially_filled' : 'filled',
  };
}

interface Holding {
  symbol: string;
  qty: number;
  cost: number;
  current: number;
  lastday: number;
}

function holdings(ctx: SimContext, ledger: AlpacaLedger): Holding[] {
  const asOf = ctx.clock.lastPublished();
  const prevDate = ctx.calendar.sessions[Math.max(0, ctx.calendar.lastIndexOnOrBefore(asOf) - 1)].date;
  const out: Holding[] = [];
  for (const symbol of ledger.symbolsHeld()) {
    let qty = 0;
    let cost = 0;
    for (const f of ledger
      .fills()
      .filter((x) => x.symbol === symbol)
      .sort((a, b) => a.timeMs - b.timeMs)) {
      if (f.side === 'buy') {
        qty += f.qty;
        cost += f.qty * f.price;
      } else {
        cost -= qty > 0 ? (cost / qty) * f.qty : 0;
        qty -= f.qty;
      }
    }
    if (qty <= 0) continue;
    const current = ctx.store.latestClose(symbol, asOf) ?? cost / qty;
    const lastday = ctx.store.latestClose(symbol, prevDate) ?? current;
    out.push({ symbol, qty, cost, current, lastday });
  }
  return out;
}

export function positionsView(ctx: SimContext, ledger: AlpacaLedger) {
  return holdings(ctx, ledger).map((h) => {
    const mv = h.qty * h.current;
    const info = ctx.store.ticker(h.symbol);
    return {
      asset_id: uuidFrom(rngFor(ctx.seed, 'asset', h.symbol)),
      symbol: h.symbol,
      exchange: EXCHANGE_NAMES[info?.exchange ?? 'XNAS'] ?? 'NASDAQ',
      asset_class: 'us_equity',
      asset_marginable: true,
      qty: decimal(h.qty),
      avg_entry_price: decimal(h.cost / h.qty),
      side: 'long',
      market_value: decimal(mv, 2),
      cost_basis: decimal(h.cost, 2),
      unrealized_pl: decimal(mv - h.cost, 2),
      unrealized_plpc: decimal((mv - h.cost) / h.cost, 16),
      unrealized_intraday_pl: decimal(h.qty * (h.current - h.lastday), 2),
      unrealized_intraday_plpc: decimal((h.current - h.lastday) / h.lastday, 16),
      current_price: decimal(h.current),
      lastday_price: decimal(h.lastday),
      change_today: decimal((h.current - h.lastday) / h.lastday, 16),
      qty_available: decimal(h.qty),
    };
  });
}

export function accountView(ctx: SimContext, ledger: AlpacaLedger) {
  const held = holdings(ctx, ledger);
  const cash = ledger.cash();
  const lmv = held.reduce((s, h) => s + h.qty * h.current, 0);
  const lastLmv = held.reduce((s, h) => s + h.qty * h.lastday, 0);
  const equity = cash + lmv;
  const lastEquity = cash + lastLmv;
  const m = (x: number) => decimal(x, 2);
  const rng = rngFor(ctx.seed, 'account');
  return {
    id: uuidFrom(rng),
    admin_configurations: {},
    user_configurations: null,
    account_number: `PA${Array.from({ length: 10 }, () => 'ABCDEFGHJKLMNPQRSTUVWXYZ0123456789'[Math.floor(rng() * 34)]).join('')}`,
    status: 'ACTIVE',
    crypto_status: 'ACTIVE',
    options_approved_level: 2,
    options_trading_level: 2,
    currency: 'USD',
    buying_power: m(2 * cash),
    regt_buying_power: m(2 * cash),
    daytrading_buying_power: '0',
    effective_buying_power: m(2 * cash),
    non_marginable_buying_power: m(cash),
    options_buying_power: m(cash),
    cash: m(cash),
    accrued_fees: '0',
    pending_transfer_in: '0',
    portfolio_value: m(equity),
    pattern_day_trader: false,
    trading_blocked: false,
    transfers_blocked: false,
    account_blocked: false,
    created_at: `${ctx.calendar.shift(ctx.anchorDate, -120)}T18:20:20.272275Z`,
    trade_suspended_by_user: false,
    multiplier: '2',
    shorting_enabled: true,
    equity: m(equity),
    last_equity: m(lastEquity),
    long_market_value: m(lmv),
    short_market_value: '0',
    position_market_value: m(lmv),
    initial_margin: m(lmv * 0.5),
    maintenance_margin: m(lmv * 0.3),
    last_maintenance_margin: m(lastLmv * 0.3),
    sma: m(lastEquity),
    daytrade_count: 0,
    balance_asof: ctx.calendar.sessions[ctx.calendar.lastIndexOnOrBefore(ctx.clock.lastPublished())].date,
    crypto_tier: 1,
    intraday_adjustments: '0',
    pending_reg_taf_fees: '0',
  };
}
