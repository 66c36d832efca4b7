import type { IsoDate, QualityFindingCode, TradingCalendar } from '@mdi/domain';
import type { PerRowBar } from './per-row-bar';
import { reconcileSymbol } from './per-row-reconcile';
import { PER_ROW_JUMP_RULES as RULES } from './per-row-rules';
import { excusedBySplit, NO_SPLIT_LEDGER, type PerRowSplitLedger } from './per-row-splits';

/** What the comparison looks at: which check found what, where. */
export interface PerRowFinding {
  readonly code: QualityFindingCode;
  readonly symbol: string | null;
  readonly date: IsoDate | null;
}

/**
 * The quality checks written a second time, as a plain loop over one JS
 * object per bar: the reference the vectorised (polars) checks are compared
 * with in tests, and the benchmark's baseline. Not used by the service.
 * It imports nothing of the code it is compared with (only @mdi/domain's
 * types and the trading calendar both are judged against), so a bug cannot
 * be shared by both and pass the comparison. Findings come grouped by check
 * in the vectorised checks' order, each group sorted by symbol and date.
 */
export function perRowChecks(
  input: readonly PerRowBar[],
  calendar: TradingCalendar,
  now: Date,
  activeSymbols: readonly string[],
  splits: PerRowSplitLedger = NO_SPLIT_LEDGER,
): PerRowFinding[] {
  const rows = [...input].sort((a, b) => compare(a.symbol, b.symbol) || compare(a.date, b.date) || a.id - b.id);
  const sessions = new Set<IsoDate>();
  if (rows.length > 0) {
    let [min, max] = [rows[0].date, rows[0].date];
    for (const row of rows) [min, max] = [row.date < min ? row.date : min, row.date > max ? row.date : max];
    const from = min > calendar.coverage.from ? min : calendar.coverage.from;
    const to = max < calendar.coverage.to ? max : calendar.coverage.to;
    if (from <= to) for (const s of calendar.sessionsBetween(from, to)) sessions.add(s.date);
  }
  const out = {
    missing: [] as PerRowFinding[],
    stale: [] as PerRowFinding[],
    ohlc: [] as PerRowFinding[],
    nonPositive: [] as PerRowFinding[],
    zero: [] as PerRowFinding[],
    nonTrading: [] as PerRowFinding[],
    duplicate: [] as PerRowFinding[],
    order: [] as PerRowFinding[],
    jump: [] as PerRowFinding[],
  };
  const finding = (code: QualityFindingCode, symbol: string, date: IsoDate | null) => ({ code, symbol, date });
  const perDay = new Map<string, number>();
  const present = new Map<string, Set<IsoDate>>();
  const range = new Map<string, [IsoDate, IsoDate]>();
  const series = new Map<string, Array<[IsoDate, number]>>();
  for (const r of rows) {
    const trading = sessions.has(r.date);
    if (r.high < Math.max(r.open, r.close, r.low) || r.low > Math.min(r.open, r.close))
      out.ohlc.push(finding('ohlc_violation', r.symbol, r.date));
    if (![r.open, r.high, r.low, r.close].every((price) => price > 0 && Number.isFinite(price)))
      out.nonPositive.push(finding('non_positive_price', r.symbol, r.date));
    if (trading && r.volume === 0) out.zero.push(finding('zero_volume', r.symbol, r.date));
    if (!trading) out.nonTrading.push(finding('non_trading_day_bar', r.symbol, r.date));
    const key = `${r.symbol}|${r.date}|${r.source}`;
    const seen = perDay.get(key) ?? 0;
    perDay.set(key, seen + 1);
    if (seen === 1) out.duplicate.push(finding('duplicate_timestamp', r.symbol, r.date));
    if (!trading) continue;
    if (!present.has(r.symbol)) present.set(r.symbol, new Set());
    (present.get(r.symbol) as Set<IsoDate>).add(r.date);
    const span = range.get(r.symbol);
    range.set(
      r.symbol,
      span ? [span[0] < r.date ? span[0] : r.date, span[1] > r.date ? span[1] : r.date] : [r.date, r.date],
    );
    if (seen === 0 && r.close > 0) {
      if (!series.has(r.symbol)) series.set(r.symbol, []);
      (series.get(r.symbol) as Array<[IsoDate, number]>).push([r.date, r.close]);
    }
  }
  const sortedSessions = [...sessions].sort();
  for (const [symbol, [first, last]] of range) {
    const dates = present.get(symbol) as Set<IsoDate>;
    for (const date of sortedSessions)
      if (date >= first && date <= last && !dates.has(date)) out.missing.push(finding('missing_bar', symbol, date));
  }
  const lastSession = calendar.lastCompletedSession(now).date;
  for (const symbol of [...activeSymbols].sort()) {
    const span = range.get(symbol);
    if (span === undefined) out.stale.push(finding('stale', symbol, null));
    else if (span[1] < lastSession) out.stale.push(finding('stale', symbol, span[1]));
  }
  const byId = [...rows].sort((a, b) => compare(a.symbol, b.symbol) || a.id - b.id);
  const previous = new Map<string, IsoDate>();
  for (const r of byId) {
    const key = `${r.symbol}|${r.batch}`;
    const prior = previous.get(key);
    if (prior !== undefined && r.date < prior) out.order.push(finding('out_of_order', r.symbol, r.date));
    previous.set(key, r.date);
  }
  for (const [symbol, points] of series) out.jump.push(...jumps(symbol, points, splits));
  const reconciled: ReturnType<typeof reconcileSymbol> = [];
  for (let start = 0, end = 0; start < rows.length; start = end) {
    while (end < rows.length && rows[end].symbol === rows[start].symbol) end++;
    reconciled.push(...reconcileSymbol(rows.slice(start, end), sessions));
  }
  const bySymbolDate = (a: PerRowFinding, b: PerRowFinding) =>
    (a.symbol ?? '').localeCompare(b.symbol ?? '') || (a.date ?? '').localeCompare(b.date ?? '');
  for (const list of Object.values(out)) list.sort(bySymbolDate);
  return [
    ...out.missing,
    ...out.stale,
    ...out.ohlc,
    ...out.nonPositive,
    ...out.zero,
    ...out.nonTrading,
    ...out.duplicate,
    ...out.order,
    ...out.jump,
    ...(['source_price_mismatch', 'source_volume_mismatch', 'source_missing_session'] as const).flatMap((code) =>
      reconciled.filter((f) => f.code === code).sort(bySymbolDate),
    ),
  ];
}

const compare = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/*
 * Each return is judged against the median and MAD of the window of returns
 * just before it (the symbol's first window while it has fewer before it).
 * The trailing medians come from a sorted copy of the window, kept sorted as
 * it slides; the MAD only for returns far enough from their median to be a
 * jump at all.
 */
function jumps(symbol: string, points: Array<[IsoDate, number]>, splits: PerRowSplitLedger): PerRowFinding[] {
  const returns: number[] = [];
  for (let i = 1; i < points.length; i++) returns.push(Math.log(points[i][1]) - Math.log(points[i - 1][1]));
  if (returns.length < RULES.minReturns) return [];
  const size = RULES.volatilityWindow;
  const firstWindow = returns.slice(0, Math.min(returns.length, size));
  const warmMedian = medianOf(firstWindow);
  const sorted = [...firstWindow].sort((a, b) => a - b);
  const found: PerRowFinding[] = [];
  returns.forEach((r, i) => {
    if (i > size) {
      sorted.splice(lowerBound(sorted, returns[i - size - 1]), 1);
      sorted.splice(lowerBound(sorted, returns[i - 1]), 0, returns[i - 1]);
    }
    const trailing = i >= size;
    const median = trailing ? medianOfSorted(sorted) : warmMedian;
    if (Math.abs(r - median) <= RULES.minLogMove) return;
    const window = trailing ? returns.slice(i - size, i) : firstWindow;
    const sigma = medianOf(window.map((x) => Math.abs(x - median))) * RULES.madToSigma;
    if (Math.abs(r - median) <= Math.max(sigma * RULES.sigmas, RULES.minLogMove)) return;
    const tolerance = Math.max(sigma * RULES.splitSigmas, RULES.splitMinTolerance);
    const [previousDate, date] = [points[i][0], points[i + 1][0]];
    if (!excusedBySplit(splits, symbol, previousDate, date, r, tolerance))
      found.push({ code: 'price_jump', symbol, date });
  });
  return found;
}

/** The first index whose value is not below `value`. */
function lowerBound(sorted: readonly number[], value: number): number {
  let low = 0;
  let high = sorted.length;
  while (low < high) {
    const mid = (low + high) >> 1;
    if (sorted[mid] < value) low = mid + 1;
    else high = mid;
  }
  return low;
}

function medianOfSorted(sorted: readonly number[]): number {
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

function medianOf(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}
