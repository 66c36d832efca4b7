import { describeValue, isIsoDate, isPlainRecord, symbolProblem, type IsoDate } from '@mdi/domain';
import type { RetentionWindow } from '../core/ingestion-window';

/** What a backfill (or its dry run) asks for, before defaults. */
export interface RawBackfillRequest {
  readonly symbols?: unknown;
  readonly from?: unknown;
  readonly to?: unknown;
}

export interface BackfillRequest {
  /** null = every active symbol. */
  readonly symbols: readonly string[] | null;
  readonly from: IsoDate;
  readonly to: IsoDate;
}

/**
 * Reads symbols (array, or comma text from a query string), from and to
 * (YYYY-MM-DD, both inclusive) with defaults: every active symbol, the whole
 * window Polygon serves. Dates outside that window are refused with the
 * reason (older than the plan's history: Polygon answers 403; after the last
 * published session: 403 "before end of day").
 */
export function parseBackfillRequest(
  raw: unknown,
  window: RetentionWindow,
): { request: BackfillRequest } | { reasons: string[] } {
  if (raw !== undefined && raw !== null && !isPlainRecord(raw))
    return { reasons: [`body must be a JSON object, got ${describeValue(raw)}`] };
  const input = (raw ?? {}) as Record<string, unknown>;
  const reasons: string[] = [];
  for (const key of Object.keys(input)) {
    if (!['symbols', 'from', 'to'].includes(key))
      reasons.push(`unknown field ${JSON.stringify(key)} (allowed: symbols, from, to)`);
  }
  const symbols = readSymbols(input['symbols'], reasons);
  const from = readDate(input['from'], 'from', window.from, reasons);
  const to = readDate(input['to'], 'to', window.to, reasons);
  if (from && to) {
    if (from > to) reasons.push(`from ${from} is after to ${to}`);
    if (from < window.from)
      reasons.push(`from ${from} is older than the ${window.from} Polygon's plan serves (its history starts there)`);
    if (to > window.to) reasons.push(`to ${to} is after ${window.to}, the last session Polygon has published`);
  }
  if (reasons.length > 0) return { reasons };
  return { request: { symbols, from: from as IsoDate, to: to as IsoDate } };
}

function readSymbols(value: unknown, reasons: string[]): string[] | null {
  if (value === undefined || value === null || value === '') return null;
  const list =
    typeof value === 'string'
      ? value
          .split(',')
          .map((s) => s.trim())
          .filter((s) => s.length > 0)
      : value;
  if (!Array.isArray(list) || list.length === 0) {
    reasons.push(
      `symbols must be a non-empty list such as ["AAPL","MSFT"] or "AAPL,MSFT", got ${describeValue(value)}`,
    );
    return null;
  }
  list.forEach((symbol, i) => {
    const problem = symbolProblem(symbol, `symbols[${i}]`);
    if (problem) reasons.push(problem);
  });
  return [...new Set(list as string[])].sort();
}

function readDate(value: unknown, name: string, fallback: IsoDate, reasons: string[]): IsoDate | null {
  if (value === undefined || value === null || value === '') return fallback;
  if (!isIsoDate(value)) {
    reasons.push(`${name} must be a YYYY-MM-DD date, got ${describeValue(value)}`);
    return null;
  }
  return value;
}
