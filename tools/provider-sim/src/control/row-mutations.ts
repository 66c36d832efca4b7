import { Rng } from '../data/prng';
import { FaultRule } from './fault-rules';

type Row = Record<string, unknown>;

/** Placeholder replaced after JSON.stringify by a literal that JSON.parse turns into Infinity. */
export const HUGE_PLACEHOLDER = '__SIM_NONFINITE_HUGE__';
export const NEG_HUGE_PLACEHOLDER = '__SIM_NONFINITE_NEG_HUGE__';

export function serialize(body: unknown): string {
  return JSON.stringify(body)
    .replaceAll(`"${HUGE_PLACEHOLDER}"`, '1e999')
    .replaceAll(`"${NEG_HUGE_PLACEHOLDER}"`, '-1e999');
}

/**
 * The list of rows a fault works on: a bare array, an envelope's `results`,
 * Alpaca's bars by symbol (`{bars: {SYM: [...]}}`, flattened in symbol order),
 * or the object itself.
 */
export function rowsOf(body: unknown): { rows: Row[]; setRows: (rows: Row[]) => unknown } | undefined {
  if (Array.isArray(body)) return { rows: body as Row[], setRows: (rows) => rows };
  if (body && typeof body === 'object') {
    const obj = body as Row;
    if (obj.bars && typeof obj.bars === 'object' && !Array.isArray(obj.bars)) return barsBySymbol(obj);
    if (Array.isArray(obj.results)) {
      return {
        rows: obj.results as Row[],
        setRows: (rows) => {
          const out: Row = { ...obj, results: rows };
          if (rows.length === 0) delete out.results;
          for (const k of ['queryCount', 'resultsCount', 'count']) if (k in obj) out[k] = rows.length;
          return out;
        },
      };
    }
    return { rows: [obj], setRows: (rows) => rows[0] ?? obj };
  }
  return undefined;
}

/** Where a flattened Alpaca bar keeps its symbol while faults work on it (removed before sending). */
const SYMBOL_KEY = '__sim_symbol';

/** Rows carry their symbol (copies and repeats too), so faults can pick a ticker's rows and keep them in place. */
function barsBySymbol(obj: Row): { rows: Row[]; setRows: (rows: Row[]) => unknown } {
  const rows = Object.entries(obj.bars as Record<string, Row[]>).flatMap(([symbol, list]) =>
    list.map((row) => ({ ...row, [SYMBOL_KEY]: symbol })),
  );
  return {
    rows,
    setRows: (changed) => {
      const bars: Record<string, Row[]> = {};
      for (const { [SYMBOL_KEY]: symbol, ...row } of changed) (bars[symbol as string] ??= []).push(row);
      return { ...obj, bars };
    },
  };
}

const NUMERIC_FIELDS = ['c', 'price', 'qty', 'filled_avg_price', 'market_value', 'cash', 'equity'];
const DROP_FIELDS = ['v', 'price', 'qty', 'filled_qty', 'symbol', 'cash', 'close'];

function defaultField(row: Row, candidates: string[]): string | undefined {
  return candidates.find((f) => f in row && row[f] !== null) ?? Object.keys(row)[0];
}

function rowTicker(row: Row): unknown {
  return row.T ?? row.ticker ?? row.symbol ?? row[SYMBOL_KEY];
}

/** Picks up to `rule.rows` (default 1) row indices, scoped to the rule's ticker when rows carry one. */
function chooseRows(rows: Row[], rule: FaultRule, rng: Rng): number[] {
  let candidates = rows.map((_, i) => i);
  if (rule.ticker && rows.some((r) => rowTicker(r) !== undefined))
    candidates = candidates.filter((i) => rowTicker(rows[i]) === rule.ticker);
  const n = Math.min(rule.rows ?? 1, candidates.length);
  const chosen: number[] = [];
  while (chosen.length < n) {
    const pickAt = Math.floor(rng() * candidates.length);
    chosen.push(candidates.splice(pickAt, 1)[0]);
  }
  return chosen.sort((a, b) => a - b);
}

function malform(row: Row, rule: FaultRule): void {
  const variant = rule.variant ?? ('h' in row && 'l' in row ? 'invariant' : 'wrong-type');
  const field = rule.field ?? defaultField(row, NUMERIC_FIELDS);
  if (variant === 'invariant' && 'h' in row && 'l' in row) {
    [row.h, row.l] = [row.l, row.h];
    if (row.h === row.l) row.l = (row.h as number) + 1;
    return;
  }
  if (!field) return;
  const value = row[field];
  if (variant === 'negative') row[field] = typeof value === 'string' ? `-${value}` : -Math.abs(Number(value) || 1);
  else if (variant === 'garbage') row[field] = 'abc';
  else row[field] = typeof value === 'number' ? String(value) : Number(value);
}

function nonFinite(row: Row, rule: FaultRule): void {
  const field = rule.field ?? defaultField(row, NUMERIC_FIELDS);
  if (!field) return;
  const value = rule.value ?? 'huge';
  row[field] = value === 'huge' ? HUGE_PLACEHOLDER : value;
}

/** Fields no Polygon answer has, added by `extra-fields` when the rule names none. */
export const DEFAULT_EXTRA_FIELDS: Readonly<Record<string, unknown>> = {
  sim_extra: 'a field Polygon may add later',
  sim_extra_object: { nested: [1, 2] },
};

/**
 * A volume with fractions, as Polygon reports fractional-share trading: the
 * rule's `volume`, or the row's own plus a fraction of 1-3 digits derived from
 * it (1234567 -> 1234567.396), so the same row always gets the same value.
 */
function fractionalVolume(row: Row, rule: FaultRule): void {
  if (!('v' in row)) return;
  if (rule.volume !== undefined) {
    row.v = rule.volume;
    return;
  }
  const whole = Math.floor(Math.abs(Number(row.v) || 0));
  const thousandths = ((whole * 7919) % 999) + 1;
  row.v = Number(`${whole}.${String(thousandths).padStart(3, '0')}`);
}

function shuffle(rows: Row[], rng: Rng): Row[] {
  const out = [...rows];
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(rng() * (i + 1));
    [out[i], out[j]] = [out[j], out[i]];
  }
  if (out.length > 1 && out.every((r, i) => r === rows[i])) [out[0], out[1]] = [out[1], out[0]];
  return out;
}

/** Applies one row fault to a JSON body and returns the new body. */
export function mutateBody(body: unknown, rule: FaultRule, rng: Rng): unknown {
  const target = rowsOf(body);
  if (!target) return body;
  const rows = target.rows.map((r) => (r && typeof r === 'object' ? { ...r } : r));
  switch (rule.kind) {
    case 'empty-result':
      if (rule.ticker && rows.some((r) => rowTicker(r) !== undefined))
        return target.setRows(rows.filter((r) => rowTicker(r) !== rule.ticker));
      return target.setRows([]);
    case 'out-of-order':
      return target.setRows(shuffle(rows, rng));
    case 'duplicate-rows': {
      const chosen = new Set(chooseRows(rows, rule, rng));
      return target.setRows(rows.flatMap((r, i) => (chosen.has(i) ? [r, { ...r }] : [r])));
    }
    default:
      for (const i of chooseRows(rows, rule, rng)) {
        const row = rows[i];
        if (rule.kind === 'malformed-rows') malform(row, rule);
        else if (rule.kind === 'non-finite') nonFinite(row, rule);
        else if (rule.kind === 'missing-fields') delete row[rule.field ?? (defaultField(row, DROP_FIELDS) as string)];
        else if (rule.kind === 'extra-fields') Object.assign(row, rule.fields ?? DEFAULT_EXTRA_FIELDS);
        else if (rule.kind === 'fractional-volume') fractionalVolume(row, rule);
      }
      return target.setRows(rows);
  }
}
