import { SimRequest } from '../http/http-types';
import { decodeCursor, encodeCursor } from '../polygon/polygon-cursor';
import { FaultRule } from './fault-rules';

/**
 * The `next-url` fault: paging that never ends, as a faulty upstream would
 * serve it. `repeat` points every page at one fixed cursor (a loop),
 * `endless` at a fresh cursor each time, `empty-page` drops the rows and
 * still points on. Cursors are built so the endpoint's own handler accepts
 * them (range aggregates read adjusted/sort/limit; v3 listings their query
 * and offset) and carry a `lap` that only the fault reads.
 */
export function mutatePaging(body: unknown, rule: FaultRule, req: SimRequest): unknown {
  if (body === null || typeof body !== 'object' || Array.isArray(body)) return body;
  if ('bars' in body) return alpacaRepeatPage(body as Record<string, unknown>, req);
  const out: Record<string, unknown> = { ...(body as Record<string, unknown>) };
  const variant = rule.variant ?? 'repeat';
  if (variant === 'empty-page') {
    delete out.results;
    out.resultsCount = 0;
    out.count = 0;
  }
  const lap = variant === 'endless' ? lapOf(req) + 1 : 0;
  out.next_url = `${req.origin}${req.path}?cursor=${encodeCursor({ ...baseCursor(req), lap })}`;
  return out;
}

function baseCursor(req: SimRequest): Record<string, unknown> {
  const own = req.query.get('cursor');
  if (own) {
    const cursor = decode(own);
    delete cursor.lap;
    return cursor;
  }
  if (req.path.startsWith('/v2/aggs/ticker/')) {
    return {
      adjusted: req.query.get('adjusted') !== 'false',
      sort: req.query.get('sort') === 'desc' ? 'desc' : 'asc',
      limit: Number(req.query.get('limit') ?? 5000),
    };
  }
  const query = new URLSearchParams(req.query);
  query.delete('apiKey');
  return { q: [...query.entries()], o: 0 };
}

function lapOf(req: SimRequest): number {
  const own = req.query.get('cursor');
  const lap = own ? decode(own).lap : 0;
  return typeof lap === 'number' ? lap : 0;
}

/** The fault's own cursors always decode; anything else reads as an empty cursor. */
function decode(text: string): Record<string, unknown> {
  try {
    return decodeCursor<Record<string, unknown>>(text);
  } catch {
    return {};
  }
}

/**
 * Alpaca bars: every page points back at the first one (a token the handler
 * accepts: the first bar of the first symbol), so paging loops; only the
 * `repeat` variant has a meaning there.
 */
function alpacaRepeatPage(body: Record<string, unknown>, req: SimRequest): unknown {
  const own = req.query.get('page_token');
  const bars = (body.bars ?? {}) as Record<string, Array<{ t?: unknown }>>;
  const [symbol, rows] = Object.entries(bars)[0] ?? [];
  const first = symbol && rows?.[0] ? Buffer.from(`${symbol}|${String(rows[0].t)}`, 'utf8').toString('base64') : null;
  return { ...body, next_page_token: own ?? first };
}
