import { Provider } from '../http/http-types';

export const PRE_FAULTS = ['latency', 'http-error', 'drop-connection', 'rate-limit'] as const;
export const ROW_FAULTS = [
  'malformed-rows',
  'non-finite',
  'missing-fields',
  'extra-fields',
  'fractional-volume',
  'duplicate-rows',
  'out-of-order',
  'empty-result',
  'next-url',
] as const;

/** How a `next-url` fault breaks paging: the same cursor forever, a fresh cursor forever, or a page without rows that points on. */
export const NEXT_URL_VARIANTS = ['repeat', 'endless', 'empty-page'] as const;
const ROW_VARIANTS = ['invariant', 'negative', 'wrong-type', 'garbage'] as const;
export type FaultKind = (typeof PRE_FAULTS)[number] | (typeof ROW_FAULTS)[number];

export interface FaultRule {
  id: number;
  kind: FaultKind;
  provider?: Provider;
  /** Endpoint id (polygon.aggs.range) or a prefix ending in * (polygon.*). */
  endpoint?: string;
  /** Only requests for, or rows of, this ticker/symbol. */
  ticker?: string;
  /** Requests left to hit; absent = until reset. */
  count?: number;
  /** Chance of hitting a matching request (seeded, so runs repeat); default 1. */
  probability: number;
  latencyMs?: number;
  status?: number;
  body?: 'json' | 'html' | 'mixed';
  retryAfterSeconds?: number;
  /** A 429 without any Retry-After header (Polygon documents none). */
  noRetryAfter?: boolean;
  rows?: number;
  field?: string;
  value?: 'huge' | 'NaN' | 'Infinity' | '-Infinity';
  variant?: (typeof ROW_VARIANTS)[number] | (typeof NEXT_URL_VARIANTS)[number];
  /** `fractional-volume`: the `v` to send; absent = the row's own volume plus a 3-digit fraction. */
  volume?: number;
  /** `extra-fields`: fields added to each chosen row (names Polygon does not send). */
  fields?: Record<string, unknown>;
  applied: number;
}

const KINDS: readonly string[] = [...PRE_FAULTS, ...ROW_FAULTS];

function positiveInt(v: unknown, name: string, errors: string[], max = Number.MAX_SAFE_INTEGER): number | undefined {
  if (v === undefined) return undefined;
  if (!Number.isInteger(v) || (v as number) < 1 || (v as number) > max)
    errors.push(`${name} must be an integer between 1 and ${max}`);
  return v as number;
}

function oneOf<T extends string>(v: unknown, name: string, allowed: readonly T[], errors: string[]): T | undefined {
  if (v === undefined) return undefined;
  if (!allowed.includes(v as T)) errors.push(`${name} must be one of ${allowed.join(', ')}`);
  return v as T;
}

function flag(v: unknown, name: string, errors: string[]): boolean | undefined {
  if (v === undefined) return undefined;
  if (typeof v !== 'boolean') errors.push(`${name} must be true or false`);
  return v as boolean;
}

function volume(v: unknown, name: string, errors: string[]): number | undefined {
  if (v === undefined) return undefined;
  if (typeof v !== 'number' || !Number.isFinite(v) || v < 0)
    errors.push(`${name} must be a finite number of 0 or more`);
  return v as number;
}

function fields(v: unknown, name: string, errors: string[]): Record<string, unknown> | undefined {
  if (v === undefined) return undefined;
  if (typeof v !== 'object' || v === null || Array.isArray(v) || Object.keys(v).length === 0)
    errors.push(`${name} must be an object with at least one field`);
  return v as Record<string, unknown>;
}

function str(v: unknown, name: string, errors: string[]): string | undefined {
  if (v === undefined) return undefined;
  if (typeof v !== 'string' || v === '') errors.push(`${name} must be a non-empty string`);
  return v as string;
}

/** Validates a POSTed list of rules; throws with every problem found. */
export function parseFaultRules(input: unknown, nextId: () => number): FaultRule[] {
  const list = Array.isArray(input) ? input : (input as { rules?: unknown })?.rules;
  if (!Array.isArray(list)) throw new Error('body must be a JSON array of fault rules, or {"rules": [...]}');
  const errors: string[] = [];
  const rules = list.map((raw, i): FaultRule => {
    const p = `rules[${i}]`;
    const r = (raw ?? {}) as Record<string, unknown>;
    if (typeof raw !== 'object' || raw === null) errors.push(`${p} must be an object`);
    const known = new Set([
      'kind',
      'provider',
      'endpoint',
      'ticker',
      'count',
      'probability',
      'latencyMs',
      'status',
      'body',
      'retryAfterSeconds',
      'noRetryAfter',
      'rows',
      'field',
      'value',
      'variant',
      'volume',
      'fields',
    ]);
    for (const k of Object.keys(r)) if (!known.has(k)) errors.push(`${p}.${k} is not a fault option`);
    if (!KINDS.includes(r.kind as string)) errors.push(`${p}.kind must be one of ${KINDS.join(', ')}`);
    const probability = r.probability === undefined ? 1 : (r.probability as number);
    if (typeof probability !== 'number' || !(probability >= 0 && probability <= 1))
      errors.push(`${p}.probability must be a number in [0, 1]`);
    const status = positiveInt(r.status, `${p}.status`, errors, 599);
    if (status !== undefined && status < 400) errors.push(`${p}.status must be an error status (400-599)`);
    return {
      id: nextId(),
      kind: r.kind as FaultKind,
      provider: oneOf(r.provider, `${p}.provider`, ['polygon', 'alpaca'] as const, errors),
      endpoint: str(r.endpoint, `${p}.endpoint`, errors),
      ticker: str(r.ticker, `${p}.ticker`, errors),
      count: positiveInt(r.count, `${p}.count`, errors),
      probability,
      latencyMs: positiveInt(r.latencyMs, `${p}.latencyMs`, errors, 120_000),
      status,
      body: oneOf(r.body, `${p}.body`, ['json', 'html', 'mixed'] as const, errors),
      retryAfterSeconds: positiveInt(r.retryAfterSeconds, `${p}.retryAfterSeconds`, errors, 3600),
      noRetryAfter: flag(r.noRetryAfter, `${p}.noRetryAfter`, errors),
      rows: positiveInt(r.rows, `${p}.rows`, errors, 100_000),
      field: str(r.field, `${p}.field`, errors),
      value: oneOf(r.value, `${p}.value`, ['huge', 'NaN', 'Infinity', '-Infinity'] as const, errors),
      variant: oneOf(r.variant, `${p}.variant`, r.kind === 'next-url' ? NEXT_URL_VARIANTS : ROW_VARIANTS, errors),
      volume: volume(r.volume, `${p}.volume`, errors),
      fields: fields(r.fields, `${p}.fields`, errors),
      applied: 0,
    };
  });
  if (errors.length > 0) throw new Error(errors.join('; '));
  return rules;
}
