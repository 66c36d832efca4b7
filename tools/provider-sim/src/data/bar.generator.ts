import { TradingCalendar } from '../calendar/trading-calendar';
import { normal, rngFor, round4 } from './prng';
import { Split, TickerInfo } from './universe.generator';

/** One daily bar in raw (unadjusted) prices and shares. */
export interface RawBar {
  o: number;
  h: number;
  l: number;
  c: number;
  v: number;
  vw: number;
  n: number;
}

const MIN_PRICE = 1.5;
const MAX_PRICE = 20_000;

/**
 * Generates raw daily bars. The walk is kept in the "latest share basis"
 * (what a fully split-adjusted series looks like); raw prints before a split
 * are that value times the split ratio, so adjusting them back is exact.
 */
export class BarGenerator {
  private readonly paths = new Map<string, Float32Array>();

  constructor(
    private readonly seed: number,
    private readonly calendar: TradingCalendar,
    private readonly splitsByTicker: Map<string, Split[]>,
  ) {}

  private path(info: TickerInfo): Float32Array {
    let path = this.paths.get(info.ticker);
    if (path) return path;
    const rng = rngFor(this.seed, 'walk', info.ticker);
    path = new Float32Array(this.calendar.sessions.length);
    let price = info.startPrice;
    for (let i = 0; i < path.length; i++) {
      price *= Math.exp(info.vol * normal(rng) - (info.vol * info.vol) / 2);
      price = Math.min(Math.max(price, MIN_PRICE), MAX_PRICE);
      path[i] = price;
    }
    this.paths.set(info.ticker, path);
    return path;
  }

  /** Product of the ratios of splits executed after `date`: raw = basis * factor. */
  rawFactor(ticker: string, date: string): number {
    let factor = 1;
    for (const s of this.splitsByTicker.get(ticker) ?? []) {
      if (s.executionDate > date) factor *= s.splitTo / s.splitFrom;
    }
    return factor;
  }

  hasBar(info: TickerInfo, date: string): boolean {
    if (info.listDate && date < info.listDate) return false;
    if (info.delistDate && date > info.delistDate) return false;
    return this.calendar.isSession(date);
  }

  rawBar(info: TickerInfo, index: number): RawBar {
    const path = this.path(info);
    const date = this.calendar.sessions[index].date;
    const factor = this.rawFactor(info.ticker, date);
    const rng = rngFor(this.seed, 'bar', info.ticker, index);
    const close = path[index];
    const prev = index > 0 ? path[index - 1] : info.startPrice;
    const open = prev * Math.exp(0.3 * info.vol * normal(rng));
    const high = Math.max(open, close) * (1 + Math.abs(normal(rng)) * info.vol * 0.5);
    const low = Math.min(open, close) * (1 - Math.min(Math.abs(normal(rng)) * info.vol * 0.5, 0.5));
    const basisVolume = info.baseVolume * Math.exp(0.35 * normal(rng));
    const tradeSize = 50 + rng() * 100;
    const o = round4(open * factor);
    const h = round4(high * factor);
    const l = round4(low * factor);
    const c = round4(close * factor);
    const v = Math.max(1, Math.round(basisVolume / factor));
    const vw = round4(Math.min(Math.max((h + l + c) / 3, l), h));
    return { o, h, l, c, v, vw, n: Math.max(1, Math.round(v / tradeSize)) };
  }
}
