import { describeValue, isPlainRecord, symbolProblem } from '@mdi/domain';

/** A validated POST /symbols body. */
export interface NewSymbolRequest {
  readonly symbol: string;
  readonly sector: string | null;
}

const KNOWN_FIELDS = new Set(['symbol', 'sector']);

/** Every reason the body is not a symbol we can add, or the request. */
export function parseNewSymbol(body: unknown): { request: NewSymbolRequest } | { reasons: string[] } {
  if (!isPlainRecord(body))
    return { reasons: [`body must be a JSON object such as {"symbol":"AAPL"}, got ${describeValue(body)}`] };
  const reasons: string[] = [];
  const problem = symbolProblem(body['symbol']);
  if (problem) reasons.push(problem);
  const sector = body['sector'];
  if (sector !== undefined && sector !== null && (typeof sector !== 'string' || sector.length > 100)) {
    reasons.push(`sector must be text of at most 100 characters, got ${describeValue(sector)}`);
  }
  for (const key of Object.keys(body)) {
    if (!KNOWN_FIELDS.has(key)) reasons.push(`unknown field ${JSON.stringify(key)} (allowed: symbol, sector)`);
  }
  if (reasons.length > 0) return { reasons };
  return { request: { symbol: body['symbol'] as string, sector: (sector as string | undefined) ?? null } };
}
