import type { BarField } from '../market-data/bar-candidate';
import type { MarketDataBar } from '../market-data/market-data-bar';
import { readOhlcv } from '../market-data/ohlcv-keys';
import { barViolations, validateBar } from '../market-data/validate-bar';
import { describeValue, isPlainRecord } from '../shared/describe-value';
import { accepted, rejected, type Validated } from '../shared/validated';

/**
 * One row of GET /v2/stocks/bars (timeframe 1Day, adjustment raw), listed
 * under its symbol: a MarketDataBar with source 'alpaca', or every reason it
 * is not one. Prices and volume must be JSON numbers (a number sent as text
 * means the answer is not what we think it is); `t` must be RFC 3339 text at
 * 00:00 New York of the session, which is how Alpaca stamps a daily bar, so
 * the bar gets the same key as Polygon's bar of that session.
 */
export function fromAlpacaBarRow(symbol: string, row: unknown): Validated<MarketDataBar> {
  if (!isPlainRecord(row)) return rejected([`bars row must be an object, got ${describeValue(row)}`]);
  const reasons: string[] = [];
  const unreadable = new Set<BarField>();
  const candidate: Record<string, unknown> = { symbol, source: 'alpaca' };
  // vw and n are not stored.
  readOhlcv(row, candidate, reasons, unreadable);
  const t = row['t'];
  if (typeof t === 'string') {
    candidate['timestamp'] = t;
  } else {
    reasons.push(
      t === undefined || t === null
        ? 't (timestamp) is missing'
        : `t (timestamp) must be RFC 3339 text, got ${describeValue(t)}`,
    );
    unreadable.add('timestamp');
  }
  if (reasons.length === 0) return validateBar(candidate);
  const more = barViolations(candidate).filter((v) => !unreadable.has(v.field));
  return rejected([...reasons, ...more.map((v) => v.reason)]);
}

/** The parts of a bars answer: rows by symbol and the next page's token (null on the last page). */
export interface AlpacaBarsAnswer {
  readonly bars: ReadonlyArray<{ readonly symbol: string; readonly rows: readonly unknown[] }>;
  readonly nextPageToken: string | null;
}

/**
 * Reads the envelope `{bars: {SYM: [...]}, next_page_token}`. No bars at all
 * arrives as `{}` (or null); a symbol whose value is not a list, or a token
 * that is neither text nor null, refuses the whole answer.
 */
export function alpacaBarsAnswer(body: unknown): Validated<AlpacaBarsAnswer> {
  if (!isPlainRecord(body)) return rejected([`bars response must be an object, got ${describeValue(body)}`]);
  const reasons: string[] = [];
  const bars = body['bars'] ?? {};
  const lists: { symbol: string; rows: unknown[] }[] = [];
  if (!isPlainRecord(bars)) {
    reasons.push(`bars must be an object keyed by symbol, got ${describeValue(bars)}`);
  } else {
    for (const [symbol, rows] of Object.entries(bars)) {
      if (Array.isArray(rows)) lists.push({ symbol, rows });
      else reasons.push(`bars.${symbol} must be a list, got ${describeValue(rows)}`);
    }
  }
  const token = body['next_page_token'] ?? null;
  if (token !== null && (typeof token !== 'string' || token === '')) {
    reasons.push(`next_page_token must be text or null, got ${describeValue(token)}`);
  }
  if (reasons.length > 0) return rejected(reasons);
  return accepted({ bars: lists, nextPageToken: token as string | null });
}
