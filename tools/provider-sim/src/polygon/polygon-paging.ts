import { SimRequest } from '../http/http-types';
import { decodeCursor, encodeCursor } from './polygon-cursor';
import { BadParam } from './polygon-responses';

interface ListCursor {
  /** The original query (minus apiKey and cursor). */
  q: Array<[string, string]>;
  /** Offset of the next page in the filtered, sorted list. */
  o: number;
}

/**
 * v3 reference paging: the first call reads the query; a `cursor` call replays
 * the query it carries and starts at its offset. next_url points at this host
 * and carries no apiKey, as Polygon's does.
 */
export function listQuery(req: SimRequest): { query: URLSearchParams; offset: number } {
  const cursorText = req.query.get('cursor');
  if (!cursorText) {
    const query = new URLSearchParams(req.query);
    query.delete('apiKey');
    return { query, offset: 0 };
  }
  const c = decodeCursor<ListCursor>(cursorText);
  if (!Array.isArray(c.q) || !Number.isInteger(c.o) || c.o < 0)
    throw new BadParam(`Could not parse the 'cursor' parameter: '${cursorText}'`);
  return { query: new URLSearchParams(c.q), offset: c.o };
}

export function pageOf<T>(
  req: SimRequest,
  items: T[],
  query: URLSearchParams,
  offset: number,
  limit: number,
): { page: T[]; nextUrl?: string } {
  const page = items.slice(offset, offset + limit);
  if (offset + limit >= items.length) return { page };
  const cursor = encodeCursor<ListCursor>({ q: [...query.entries()], o: offset + limit });
  return { page, nextUrl: `${req.origin}${req.path}?cursor=${cursor}` };
}

export type Comparable = string | number;

/** Applies `field`, `field.gt/.gte/.lt/.lte` filters from the query to a value. */
export function rangeFilter(
  query: URLSearchParams,
  field: string,
  value: Comparable,
  parse: (v: string) => Comparable,
): boolean {
  const checks: Array<[string, (a: Comparable, b: Comparable) => boolean]> = [
    ['', (a, b) => a === b],
    ['.gt', (a, b) => a > b],
    ['.gte', (a, b) => a >= b],
    ['.lt', (a, b) => a < b],
    ['.lte', (a, b) => a <= b],
  ];
  for (const [suffix, test] of checks) {
    const raw = query.get(field + suffix);
    if (raw !== null && !test(value, parse(raw))) return false;
  }
  return true;
}
