import type { MarketDataBar } from '../market-data/market-data-bar';
import { readOhlcv } from '../market-data/ohlcv-keys';
import { barViolations, validateBar } from '../market-data/validate-bar';
import type { BarField } from '../market-data/bar-candidate';
import { describeValue, isPlainRecord } from '../shared/describe-value';
import { accepted, rejected, type Validated } from '../shared/validated';
import { etMidnight, sessionDateOf } from '../time/new-york-time';

/**
 * One row of /v2/aggs/ticker/{symbol}/range/1/day/...: `t` is 00:00 ET of
 * the session. The ticker comes from the request, not the row.
 */
export function fromPolygonRangeRow(symbol: string, row: unknown): Validated<MarketDataBar> {
  return polygonBar(symbol, row, 'aggregates row');
}

/**
 * One row of /v2/aggs/grouped/locale/us/market/stocks/{date}: the ticker is
 * in `T` and `t` is 16:00 ET of the session, a different anchor for the same
 * day; both become etMidnight(session date) so a session has one key.
 */
export function fromPolygonGroupedRow(row: unknown): Validated<MarketDataBar> {
  return polygonBar(isPlainRecord(row) ? row['T'] : undefined, row, 'grouped daily row', 'T');
}

function polygonBar(symbol: unknown, row: unknown, what: string, symbolKey?: string): Validated<MarketDataBar> {
  if (!isPlainRecord(row)) {
    return rejected([`${what} must be an object, got ${describeValue(row)}`]);
  }
  const reasons: string[] = [];
  const failed = new Set<BarField>();
  const candidate: Record<string, unknown> = { source: 'polygon' };

  if (symbolKey !== undefined && typeof symbol !== 'string') {
    reasons.push(
      symbol === undefined || symbol === null
        ? `${symbolKey} (symbol) is missing`
        : `${symbolKey} (symbol) must be a string, got ${describeValue(symbol)}`,
    );
    failed.add('symbol');
  }
  candidate['symbol'] = symbol;

  readOhlcv(row, candidate, reasons, failed);

  const t = row['t'];
  if (typeof t === 'number' && Number.isSafeInteger(t)) {
    candidate['timestamp'] = etMidnight(sessionDateOf(new Date(t)));
  } else {
    reasons.push(
      t === undefined || t === null
        ? 't (timestamp) is missing'
        : `t (timestamp) must be whole epoch milliseconds, got ${describeValue(t)}`,
    );
    failed.add('timestamp');
  }

  // Every field has the right type: one pass of the bar rules accepts or rejects it.
  if (reasons.length === 0) return validateBar(candidate);
  // Otherwise add the rule violations of the fields that were readable.
  for (const violation of barViolations(candidate)) {
    if (!failed.has(violation.field)) {
      reasons.push(violation.reason);
    }
  }
  return rejected(reasons);
}

/**
 * The `results` rows of an aggregates envelope. "No bars" (holiday, weekend,
 * no trades) arrives as an absent `results`, old payloads send null, some send
 * []: all three are an empty list, never an error.
 */
export function polygonAggregateRows(body: unknown): Validated<readonly unknown[]> {
  if (!isPlainRecord(body)) {
    return rejected([`aggregates response must be an object, got ${describeValue(body)}`]);
  }
  const results = body['results'];
  if (results === undefined || results === null) {
    return accepted([]);
  }
  if (!Array.isArray(results)) {
    return rejected([`results must be an array, got ${describeValue(results)}`]);
  }
  return accepted(results);
}
