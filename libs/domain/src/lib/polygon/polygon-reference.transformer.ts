import { MARKET_HOLIDAY_STATUSES, type MarketHoliday } from '../calendar/market-holiday';
import type { CashDividend, StockSplit } from '../corporate-actions/corporate-actions';
import { symbolProblem } from '../market-data/symbol-rule';
import { toDecimalString } from '../shared/decimal-string';
import { readRecord, type FieldReader } from '../shared/field-reader';
import { rejected, type Validated } from '../shared/validated';
import type { TickerReference } from '../symbols/ticker-reference';
import { parseRfc3339 } from '../time/instant';

/**
 * A /v3/reference/tickers row. Tickers that break the symbol rule (e.g.
 * Polygon's "KIMpL" preferreds) are rejected: they could never be stored.
 * `delisted_utc` is a UTC midnight naming the delisting date, so its UTC date
 * is the date (reading it in New York would move it to the day before).
 */
export function fromPolygonTicker(row: unknown): Validated<TickerReference> {
  const reader = readRecord(row, 'ticker row');
  if (typeof reader === 'string') {
    return rejected([reader]);
  }
  const symbol = tickerSymbol(reader);
  const name = reader.optionalString('name');
  const exchange = reader.optionalString('primary_exchange');
  const type = reader.optionalString('type');
  const active = reader.boolean('active');
  let delistedDate: string | null = null;
  const delisted = reader.raw('delisted_utc');
  if (delisted !== undefined && delisted !== null) {
    const parsed = parseRfc3339(delisted, 'delisted_utc');
    if ('problem' in parsed) {
      reader.problem(parsed.problem);
    } else {
      delistedDate = parsed.instant.toISOString().slice(0, 10);
    }
  }
  return reader.result(() => ({ symbol, name, exchange, type, active, delistedDate }));
}

/**
 * A /v3/reference/tickers/{ticker} answer: the same fields as a listing row,
 * under `results`. A record for another ticker than the one asked for is
 * refused (it would confirm or refute the wrong symbol).
 */
export function fromPolygonTickerDetails(symbol: string, body: unknown): Validated<TickerReference> {
  const reader = readRecord(body, 'ticker details');
  if (typeof reader === 'string') {
    return rejected([reader]);
  }
  const results = reader.raw('results');
  const ticker = fromPolygonTicker(results);
  if (ticker.ok && ticker.value.symbol !== symbol) {
    return rejected([`ticker details answer is for ${ticker.value.symbol}, not ${symbol}`]);
  }
  return ticker.ok || (results !== undefined && results !== null)
    ? ticker
    : rejected(['results (the ticker record) is missing']);
}

/** A /v3/reference/splits row. */
export function fromPolygonSplit(row: unknown): Validated<StockSplit> {
  const reader = readRecord(row, 'split row');
  if (typeof reader === 'string') {
    return rejected([reader]);
  }
  const symbol = tickerSymbol(reader);
  const executionDate = reader.isoDate('execution_date');
  const splitFrom = positive(reader, 'split_from');
  const splitTo = positive(reader, 'split_to');
  return reader.result(() => ({ symbol, executionDate, splitFrom, splitTo }));
}

/** A /v3/reference/dividends row; `cash_amount` (a float) becomes decimal text. */
export function fromPolygonDividend(row: unknown): Validated<CashDividend> {
  const reader = readRecord(row, 'dividend row');
  if (typeof reader === 'string') {
    return rejected([reader]);
  }
  const symbol = tickerSymbol(reader);
  const exDividendDate = reader.isoDate('ex_dividend_date');
  const cashAmount = positive(reader, 'cash_amount');
  const payDate = reader.optionalIsoDate('pay_date');
  const declarationDate = reader.optionalIsoDate('declaration_date');
  const frequency = reader.optionalNumber('frequency');
  if (frequency !== null && (!Number.isSafeInteger(frequency) || frequency < 0)) {
    reader.problem(`frequency must be a whole number of 0 or more, got ${frequency}`);
  }
  const dividendType = reader.optionalString('dividend_type');
  return reader.result(() => ({
    symbol,
    exDividendDate,
    cashAmount: toDecimalString(cashAmount),
    payDate,
    declarationDate,
    frequency,
    dividendType,
  }));
}

/** A /v1/marketstatus/upcoming row; early closes must carry their UTC close time. */
export function fromPolygonHoliday(row: unknown): Validated<MarketHoliday> {
  const reader = readRecord(row, 'holiday row');
  if (typeof reader === 'string') {
    return rejected([reader]);
  }
  const date = reader.isoDate('date');
  const exchange = reader.string('exchange');
  const name = reader.string('name');
  const status = reader.oneOf('status', MARKET_HOLIDAY_STATUSES);
  let open: Date | null = null;
  let close: Date | null = null;
  if (status === 'early-close') {
    open = reader.optionalTimestamp('open');
    close = reader.timestamp('close');
  }
  return reader.result(() => ({ date, exchange, name, status, open, close }));
}

/** `ticker`, held to the symbol rule. */
function tickerSymbol(reader: FieldReader): string {
  const raw = reader.raw('ticker');
  const problem = symbolProblem(raw, 'ticker');
  if (problem) {
    reader.problem(problem);
  }
  return typeof raw === 'string' ? raw : '';
}

function positive(reader: FieldReader, key: string): number {
  const value = reader.number(key);
  // number() returns a placeholder for a value it already rejected; only judge real numbers.
  if (reader.raw(key) === value && value <= 0) {
    reader.problem(`${key} must be greater than 0, got ${value}`);
  }
  return value;
}
