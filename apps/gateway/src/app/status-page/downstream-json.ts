import { probe } from '../aggregation/downstream-probe';

/** Page data can be larger than a health probe's answer (a coverage grid of 5,000 symbols, two years of bars). */
export const PAGE_DATA_TIMEOUT_MS = 10_000;

export interface Forwarded {
  readonly status: number;
  readonly body: unknown;
}

/**
 * GET a read endpoint of a service and answer what it answered (status and
 * JSON body), so the page sees the owning service's 400 reasons as they are.
 * A service that does not answer is a 502 naming it, never an exception.
 */
export async function forwardGet(
  service: string,
  baseUrl: string,
  path: string,
  query: Readonly<Record<string, unknown>> = {},
): Promise<Forwarded> {
  const params = new URLSearchParams();
  // Repeated parameters go on repeated, so the owning service answers its own 400 for them.
  for (const [name, value] of Object.entries(query)) {
    for (const item of Array.isArray(value) ? value : [value]) if (typeof item === 'string') params.append(name, item);
  }
  const search = params.size > 0 ? `?${params.toString()}` : '';
  const result = await probe(`${baseUrl}${path}${search}`, PAGE_DATA_TIMEOUT_MS);
  if (!result.reachable)
    return {
      status: 502,
      body: { statusCode: 502, error: 'Bad Gateway', message: `${service} did not answer: ${result.reason}` },
    };
  return { status: result.httpStatus, body: result.body };
}
