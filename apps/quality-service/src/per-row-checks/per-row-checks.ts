import { qualityFinding, type QualityFinding, type TradingCalendar } from '@mdi/domain';
import { type MarketDataNumericRow, MarketDataSnapshotRepository } from '@mdi/storage';
import type { DataSource } from 'typeorm';
import { PRICE_JUMP_RULES as RULES } from '../quality/checks/price-jump.rules';
import { SplitLedger } from '../quality/checks/split-ledger';
import { dayNumberOf, isoDateOfDay } from '../quality/loading/bar-frame';

/**
 * The same checks as the polars analyzer, written as a plain per-row loop
 * over JS objects: the benchmark's baseline, and a second opinion in tests.
 * Not used by the service.
 */
type Row = MarketDataNumericRow;

export async function loadPerRowInput(dataSource: DataSource): Promise<Row[]> {
  return new MarketDataSnapshotRepository(dataSource).numericRows();
}

export function perRowChecks(
  input: Row[],
  calendar: TradingCalendar,
  now: Date,
  activeSymbols: readonly string[],
  splits: SplitLedger = SplitLedger.EMPTY,
): QualityFinding[] {
  const rows = [...input].sort((a, b) =>
    a.symbol < b.symbol ? -1 : a.symbol > b.symbol ? 1 : a.day - b.day || a.id - b.id,
  );
  const sessions = new Set<number>();
  if (rows.length > 0) {
    let [min, max] = [Infinity, -Infinity];
    for (const row of rows) [min, max] = [Math.min(min, row.day), Math.max(max, row.day)];
    const from = Math.max(min, dayNumberOf(calendar.coverage.from));
    const to = Math.min(max, dayNumberOf(calendar.coverage.to));
    if (from <= to)
      for (const s of calendar.sessionsBetween(isoDateOfDay(from), isoDateOfDay(to))) sessions.add(dayNumberOf(s.date));
  }
  const out = {
    missing: [] as QualityFinding[],
    stale: [] as QualityFinding[],
    ohlc: [] as QualityFinding[],
    nonPositive: [] as QualityFinding[],
    zero: [] as QualityFinding[],
    nonTrading: [] as QualityFinding[],
    duplicate: [] as QualityFinding[],
    order: [] as QualityFinding[],
    jump: [] as QualityFinding[],
  };
  const perDay = new Map<string, number>();
  const present = new Map<string, Set<number>>();
  const range = new Map<string, [number, number]>();
  const series = new Map<string, number[][]>();
  for (const r of rows) {
    const date = isoDateOfDay(r.day);
    const trading = sessions.has(r.day);
    if (r.high < Math.max(r.open, r.close, r.low) || r.low > Math.min(r.open, r.close))
      out.ohlc.push(qualityFinding('ohlc_violation', r.symbol, date, ''));
    if (![r.open, r.high, r.low, r.close].every((price) => price > 0 && Number.isFinite(price)))
      out.nonPositive.push(qualityFinding('non_positive_price', r.symbol, date, ''));
    if (trading && r.volume === 0) out.zero.push(qualityFinding('zero_volume', r.symbol, date, ''));
    if (!trading) out.nonTrading.push(qualityFinding('non_trading_day_bar', r.symbol, date, ''));
    const key = `${r.symbol}|${r.day}`;
    const seen = perDay.get(key) ?? 0;
    perDay.set(key, seen + 1);
    if (seen === 1) out.duplicate.push(qualityFinding('duplicate_timestamp', r.symbol, date, ''));
    if (!trading) continue;
    if (!present.has(r.symbol)) present.set(r.symbol, new Set());
    (present.get(r.symbol) as Set<number>).add(r.day);
    const span = range.get(r.symbol);
    range.set(r.symbol, span ? [Math.min(span[0], r.day), Math.max(span[1], r.day)] : [r.day, r.day]);
    if (seen === 0 && r.close > 0) {
      if (!series.has(r.symbol)) series.set(r.symbol, []);
      (series.get(r.symbol) as number[][]).push([r.day, r.close]);
    }
  }
  const sortedSessions = [...sessions].sort((a, b) => a - b);
  for (const [symbol, [first, last]] of range) {
    const days = present.get(symbol) as Set<number>;
    for (const day of sortedSessions)
      if (day >= first && day <= last && !days.has(day))
        out.missing.push(qualityFinding('missing_bar', symbol, isoDateOfDay(day), ''));
  }
  const lastSession = dayNumberOf(calendar.lastCompletedSession(now).date);
  for (const symbol of [...activeSymbols].sort()) {
    const span = range.get(symbol);
    if (span === undefined) out.stale.push(qualityFinding('stale', symbol, null, ''));
    else if (span[1] < lastSession) out.stale.push(qualityFinding('stale', symbol, isoDateOfDay(span[1]), ''));
  }
  const byId = [...rows].sort((a, b) => (a.symbol < b.symbol ? -1 : a.symbol > b.symbol ? 1 : a.id - b.id));
  const previous = new Map<string, number>();
  for (const r of byId) {
    const key = `${r.symbol}|${r.batch}`;
    const prior = previous.get(key);
    if (prior !== undefined && r.day < prior)
      out.order.push(qualityFinding('out_of_order', r.symbol, isoDateOfDay(r.day), ''));
    previous.set(key, r.day);
  }
  for (const [symbol, points] of series) out.jump.push(...jumps(symbol, points, splits));
  const bySymbolDay = (a: QualityFinding, b: QualityFinding) =>
    (a.symbol ?? '').localeCompare(b.symbol ?? '') || (a.date ?? '').localeCompare(b.date ?? '');
  for (const list of Object.values(out)) list.sort(bySymbolDay);
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
  ];
}

function jumps(symbol: string, points: number[][], splits: SplitLedger): QualityFinding[] {
  const returns: number[] = [];
  for (let i = 1; i < points.length; i++) returns.push(Math.log(points[i][1]) - Math.log(points[i - 1][1]));
  if (returns.length < RULES.minReturns) return [];
  const median = medianOf(returns);
  const sigma = medianOf(returns.map((r) => Math.abs(r - median))) * RULES.madToSigma;
  const found: QualityFinding[] = [];
  returns.forEach((r, i) => {
    if (Math.abs(r - median) <= Math.max(sigma * RULES.sigmas, RULES.minLogMove)) return;
    const tolerance = Math.max(sigma * RULES.splitSigmas, RULES.splitMinTolerance);
    if (!splits.explain(symbol, isoDateOfDay(points[i][0]), isoDateOfDay(points[i + 1][0]), r, tolerance).excused) {
      found.push(qualityFinding('price_jump', symbol, isoDateOfDay(points[i + 1][0]), ''));
    }
  });
  return found;
}

function medianOf(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}
