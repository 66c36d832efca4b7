import { SimResponse, json } from '../http/http-types';

/** Thrown by parsers; the route wrapper answers Alpaca's 422 envelope. */
export class AlpacaBadParam extends Error {}

export function alpacaInvalid(message: string): SimResponse {
  return json(422, { code: 42210000, message });
}

export function intParam(q: URLSearchParams, name: string, fallback: number, max: number): number {
  const v = q.get(name);
  if (v === null) return fallback;
  if (!/^\d+$/.test(v) || Number(v) < 1) throw new AlpacaBadParam(`invalid ${name}: must be a positive integer`);
  return Math.min(Number(v), max);
}

export function enumParam<T extends string>(q: URLSearchParams, name: string, allowed: readonly T[], fallback: T): T {
  const v = q.get(name);
  if (v === null) return fallback;
  if (!allowed.includes(v as T)) throw new AlpacaBadParam(`invalid ${name}: must be one of ${allowed.join(', ')}`);
  return v as T;
}

/** RFC3339 timestamp or YYYY-MM-DD (read as 00:00Z), to epoch ms. */
export function timeParam(q: URLSearchParams, name: string): number | undefined {
  const v = q.get(name);
  if (v === null) return undefined;
  const ms = /^\d{4}-\d{2}-\d{2}$/.test(v)
    ? Date.parse(`${v}T00:00:00Z`)
    : /^\d{4}-\d{2}-\d{2}T/.test(v)
      ? Date.parse(v)
      : NaN;
  if (!Number.isFinite(ms)) throw new AlpacaBadParam(`invalid ${name}: must be an RFC3339 timestamp or YYYY-MM-DD`);
  return ms;
}
