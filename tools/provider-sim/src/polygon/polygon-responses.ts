import { SimResponse, json } from '../http/http-types';

export const POLYGON_429_MESSAGE =
  "You've exceeded the maximum requests per minute, please wait or upgrade your subscription to continue. https://polygon.io/pricing";
export const POLYGON_TIMEFRAME_MESSAGE = "Your plan doesn't include this data timeframe.";
export const POLYGON_TODAY_MESSAGE =
  "Attempted to request today's data before end of day. Please upgrade your plan at https://polygon.io/pricing";

export function polygonError(status: number, requestId: string, error: string): SimResponse {
  return json(status, { status: 'ERROR', request_id: requestId, error });
}

export function polygonNotAuthorized(requestId: string, message: string): SimResponse {
  return json(403, { status: 'NOT_AUTHORIZED', request_id: requestId, message });
}

/** Thrown by parameter parsers; the handler turns it into a 400 ERROR body. */
export class BadParam extends Error {}

export function parseBool(value: string | null, name: string, fallback: boolean): boolean {
  if (value === null) return fallback;
  if (value === 'true') return true;
  if (value === 'false') return false;
  throw new BadParam(`Could not parse the '${name}' parameter: '${value}'. Use true or false`);
}

export function parseLimit(value: string | null, fallback: number, max: number): number {
  if (value === null) return fallback;
  if (!/^\d+$/.test(value) || Number(value) < 1)
    throw new BadParam(`Could not parse the 'limit' parameter: '${value}'. Use a positive integer`);
  return Math.min(Number(value), max);
}

export function parseOrder(value: string | null, name: string, fallback: 'asc' | 'desc'): 'asc' | 'desc' {
  if (value === null) return fallback;
  if (value === 'asc' || value === 'desc') return value;
  throw new BadParam(`Could not parse the '${name}' parameter: '${value}'. Use asc or desc`);
}
