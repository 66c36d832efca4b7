import { UsEquityCalendar, type IsoDate } from '@mdi/domain';
import { emptyBarColumns, type BarColumns } from './bar-columns';
import { normal, seededRandom } from './seeded-random';

export interface CleanBarsSpec {
  readonly symbols: readonly string[];
  readonly from: IsoDate;
  readonly to: IsoDate;
  readonly seed?: number;
  /** Daily log-return volatility; 1.5% by default. */
  readonly volatility?: number;
}

const round6 = (value: number) => Math.round(value * 1e6) / 1e6;

/**
 * Valid daily bars on every session of the US calendar: a per-symbol random
 * walk with OHLC in order, positive prices and volume, in (symbol, date) order.
 */
export function generateCleanBars(spec: CleanBarsSpec): BarColumns {
  const sessions = new UsEquityCalendar().sessionsBetween(spec.from, spec.to).map((s) => s.date);
  const random = seededRandom(spec.seed ?? 42);
  const sigma = spec.volatility ?? 0.015;
  const columns = emptyBarColumns();
  for (const symbol of spec.symbols) {
    let close = 20 + random() * 300;
    for (const date of sessions) {
      const open = round6(close * Math.exp(normal(random) * sigma * 0.3));
      close = round6(open * Math.exp(normal(random) * sigma));
      columns.symbol.push(symbol);
      columns.date.push(date);
      columns.open.push(open);
      columns.close.push(close);
      columns.high.push(round6(Math.max(open, close) * (1.001 + random() * 0.01)));
      columns.low.push(round6(Math.min(open, close) * (0.999 - random() * 0.01)));
      columns.volume.push(100_000 + Math.floor(random() * 5_000_000));
    }
  }
  return columns;
}

/** 'AAA', 'AAB', ...: distinct valid tickers. */
export function tickerNames(count: number, length = 3): string[] {
  return Array.from({ length: count }, (_, index) => {
    let name = '';
    for (let i = 0, n = index; i < length; i++, n = Math.floor(n / 26))
      name = String.fromCharCode(65 + (n % 26)) + name;
    return name;
  });
}
