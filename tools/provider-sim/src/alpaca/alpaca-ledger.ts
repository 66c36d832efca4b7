import { etCompact } from '../calendar/eastern-time';
import { Rng, intBetween, pick, rngFor, round4, uuidFrom } from '../data/prng';
import { DEFAULT_SYMBOLS } from '../data/default-symbols.data';
import { SimContext } from '../sim/sim-context';
import { LedgerFill, LedgerOrder, Side, decimal, filledQty, orderStatus } from './alpaca-model';

const HISTORY_SESSIONS = 30;
const ORDERS_PER_SESSION = 4;

/** RFC3339 UTC with a microsecond fraction (Alpaca's order/fill timestamps). */
function microIso(ms: number, rng: Rng): string {
  return new Date(ms).toISOString().replace('Z', `${String(intBetween(rng, 0, 999)).padStart(3, '0')}Z`);
}

/**
 * The paper account's orders and fills. History is generated from the seed
 * (market orders filled at that day's prices, some in partial fills, some
 * limit orders canceled or still open); POST /__sim/alpaca/fills adds more.
 */
export class AlpacaLedger {
  orders: LedgerOrder[] = [];
  readonly startingCash = 100_000;
  private rng!: Rng;
  private lastEventMs = 0;
  private symbols: string[] = [];

  constructor(private readonly ctx: SimContext) {
    this.reset();
  }

  reset(): void {
    const { ctx } = this;
    this.rng = rngFor(ctx.seed, 'alpaca-ledger');
    this.orders = [];
    this.lastEventMs = 0;
    const splitTickers = new Set(ctx.store.universe.splits.map((s) => s.ticker));
    const plain = ctx.store.universe.tickers
      .filter((t) => !t.listDate && !t.delistDate && !splitTickers.has(t.ticker))
      .map((t) => t.ticker);
    // Prefer well-known names so the demo account looks familiar.
    const known = DEFAULT_SYMBOLS.map((d) => d.ticker).filter((t) => plain.includes(t));
    const pool = (known.length >= 8 ? known : plain).slice(0, 40);
    this.symbols = [];
    while (this.symbols.length < Math.min(8, pool.length)) {
      const s = pick(this.rng, pool);
      if (!this.symbols.includes(s)) this.symbols.push(s);
    }
    if (this.symbols.length === 0) return;
    for (let back = HISTORY_SESSIONS; back >= 1; back--) {
      const date = ctx.calendar.shift(ctx.anchorDate, -back);
      const session = ctx.calendar.sessions[ctx.calendar.indexOf(date) as number];
      const span = session.closeMs - session.openMs;
      const times = Array.from(
        { length: ORDERS_PER_SESSION },
        () => session.openMs + Math.floor(this.rng() * (span - 60_000)),
      ).sort((a, b) => a - b);
      for (const t of times) this.historicalOrder(date, t, back);
    }
  }

  private historicalOrder(date: string, t: number, sessionsAgo: number): void {
    const symbol = pick(this.rng, this.symbols);
    const bar = this.ctx.store.barOn(symbol, date, date);
    if (!bar) return;
    const side: Side = this.position(symbol) >= 5 && this.rng() < 0.3 ? 'sell' : 'buy';
    const qty =
      side === 'sell' ? intBetween(this.rng, 1, Math.floor(this.position(symbol) / 2)) : intBetween(this.rng, 1, 20);
    const isLimit = this.rng() < 0.25;
    const price = bar.l + this.rng() * (bar.h - bar.l);
    const order = this.newOrder(
      symbol,
      side,
      qty,
      t,
      isLimit ? round4(side === 'buy' ? bar.l * 0.97 : bar.h * 1.03) : undefined,
    );
    if (!isLimit) {
      this.fillInSteps(order, price, t);
    } else if (sessionsAgo > 3) {
      const canceledMs = t + intBetween(this.rng, 60_000, 3_600_000);
      order.canceledMs = canceledMs;
      order.canceled = microIso(canceledMs, this.rng);
    } else if (sessionsAgo === 1 && qty > 1) {
      this.addFill(order, round4(order.limitPrice as number), Math.floor(qty / 2), t + 1500);
    }
  }

  private fillInSteps(order: LedgerOrder, price: number, t: number): void {
    let at = t + intBetween(this.rng, 5, 400);
    while (filledQty(order) < order.qty) {
      const leaves = order.qty - filledQty(order);
      const qty = leaves > 1 && this.rng() < 0.3 ? intBetween(this.rng, 1, leaves - 1) : leaves;
      this.addFill(order, round4(price * (1 + (this.rng() - 0.5) * 0.001)), qty, at);
      at += intBetween(this.rng, 50, 900);
    }
  }

  private newOrder(
    symbol: string,
    side: Side,
    qty: number,
    t: number,
    limitPrice?: number,
    submittedAt?: string,
  ): LedgerOrder {
    const rng = this.rng;
    const submitted = submittedAt ?? microIso(t, rng);
    const order: LedgerOrder = {
      id: uuidFrom(rng),
      clientOrderId: `sim-${symbol.toLowerCase()}-${etCompact(t)}`,
      symbol,
      assetId: uuidFrom(rngFor(this.ctx.seed, 'asset', symbol)),
      side,
      type: limitPrice === undefined ? 'market' : 'limit',
      timeInForce: limitPrice === undefined ? 'day' : 'gtc',
      qty,
      limitPrice,
      submittedMs: t,
      submitted,
      created: microIso(t + intBetween(rng, 1, 3), rng),
      expires: new Date(t + (limitPrice === undefined ? 0 : 90 * 86_400_000)).toISOString().slice(0, 10) + 'T20:00:00Z',
      fills: [],
    };
    this.orders.push(order);
    this.lastEventMs = Math.max(this.lastEventMs, t);
    return order;
  }

  private addFill(order: LedgerOrder, price: number, qty: number, timeMs: number): LedgerFill {
    const cum = filledQty(order) + qty;
    const fill: LedgerFill = {
      id: `${etCompact(timeMs)}::${uuidFrom(this.rng)}`,
      orderId: order.id,
      symbol: order.symbol,
      side: order.side,
      price,
      qty,
      cumQty: cum,
      leavesQty: order.qty - cum,
      timeMs,
      time: microIso(timeMs, this.rng),
    };
    order.fills.push(fill);
    this.lastEventMs = Math.max(this.lastEventMs, timeMs);
    return fill;
  }

  position(symbol: string): number {
    let qty = 0;
    for (const f of this.fills()) if (f.symbol === symbol) qty += f.side === 'buy' ? f.qty : -f.qty;
    return qty;
  }

  fills(): LedgerFill[] {
    return this.orders.flatMap((o) => o.fills);
  }

  /**
   * Creates `count` new fills after the latest event: completes open orders first, then new market orders.
   * Like real executions they are never in the future: the batch is spread over the time since the latest
   * event (at most `count` seconds back), ending now.
   */
  addFills(count: number, symbol?: string): LedgerFill[] {
    const created: LedgerFill[] = [];
    const now = this.ctx.clock.now();
    const start = Math.max(this.lastEventMs + 1, now - count * 1000);
    const step = Math.max(0, (now - start) / count);
    for (let i = 0; i < count; i++) {
      const t = Math.max(this.lastEventMs + 1, Math.floor(start + step * (i + 1)));
      let order = this.orders.find((o) => !o.canceled && filledQty(o) < o.qty && (!symbol || o.symbol === symbol));
      const sym = order?.symbol ?? symbol ?? pick(this.rng, this.symbols);
      const last = this.ctx.store.latestClose(sym, this.ctx.clock.lastPublished()) ?? 100;
      if (!order) {
        const side: Side = this.position(sym) >= 2 && this.rng() < 0.3 ? 'sell' : 'buy';
        const qty =
          side === 'sell' ? intBetween(this.rng, 1, Math.floor(this.position(sym) / 2)) : intBetween(this.rng, 2, 10);
        order = this.newOrder(sym, side, qty, t - 200);
      }
      const leaves = order.qty - filledQty(order);
      const qty = leaves > 1 && this.rng() < 0.5 ? Math.ceil(leaves / 2) : leaves;
      const price = order.limitPrice ?? round4(last * (1 + (this.rng() - 0.5) * 0.004));
      created.push(this.addFill(order, price, qty, t));
    }
    return created;
  }

  /**
   * Creates `count` open limit orders after the latest event that all share one
   * submitted_at (same microseconds), as a burst of orders from one client can:
   * a client paging by submission time must neither skip nor repeat them.
   */
  addOrders(count: number, symbol?: string): LedgerOrder[] {
    const t = Math.max(this.ctx.clock.now(), this.lastEventMs) + intBetween(this.rng, 250, 1500);
    const submitted = microIso(t, this.rng);
    const created: LedgerOrder[] = [];
    for (let i = 0; i < count; i++) {
      const sym = symbol ?? pick(this.rng, this.symbols);
      const last = this.ctx.store.latestClose(sym, this.ctx.clock.lastPublished()) ?? 100;
      created.push(this.newOrder(sym, 'buy', intBetween(this.rng, 1, 10), t, round4(last * 0.9), submitted));
    }
    return created;
  }

  statusOf(order: LedgerOrder): string {
    return orderStatus(order);
  }

  cash(): number {
    let cash = this.startingCash;
    for (const f of this.fills()) cash += (f.side === 'buy' ? -1 : 1) * f.qty * f.price;
    return Number(decimal(cash, 2));
  }

  symbolsHeld(): string[] {
    return [...new Set(this.fills().map((f) => f.symbol))].sort();
  }
}
