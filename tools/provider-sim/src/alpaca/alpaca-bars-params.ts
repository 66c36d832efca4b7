import { addDays, etDate, etToUtcMs } from '../calendar/eastern-time';
import { SimResponse, json } from '../http/http-types';
import { AlpacaBadParam, enumParam, timeParam } from './alpaca-params';

/** Alpaca's market-data API answers a bad parameter 400 (the trading API answers 422). */
export function alpacaDataInvalid(message: string): SimResponse {
  return json(400, { code: 40010001, message });
}

/** Alpaca's page size cap for historical bars. */
export const MAX_BARS_PAGE = 10_000;
const DEFAULT_BARS_PAGE = 1_000;
const SYMBOL_RE = /^[A-Za-z][A-Za-z0-9.\-/]{0,20}$/;
const DAILY_TIMEFRAMES = ['1Day', '1D', '1day'];

export interface StockBarsQuery {
  /** Distinct, in Alpaca's answer order (sorted). */
  readonly symbols: string[];
  readonly adjusted: boolean;
  readonly sort: 'asc' | 'desc';
  readonly limit: number;
  /** Sessions whose bar time (00:00 New York) lies in [start, end]. */
  readonly fromDate: string;
  readonly toDate: string;
  readonly pageToken: string | null;
}

/** Reads and checks GET /v2/stocks/bars parameters; throws AlpacaBadParam with Alpaca's wording. */
export function stockBarsQuery(q: URLSearchParams, nowMs: number): StockBarsQuery {
  const symbolsText = q.get('symbols');
  if (symbolsText === null || symbolsText.trim() === '') throw new AlpacaBadParam('missing symbols');
  const symbols = [...new Set(symbolsText.split(',').map((s) => s.trim()))].sort();
  const bad = symbols.find((s) => !SYMBOL_RE.test(s));
  if (bad !== undefined) throw new AlpacaBadParam(`invalid symbol: ${JSON.stringify(bad)}`);

  const timeframe = q.get('timeframe');
  if (timeframe === null) throw new AlpacaBadParam('missing timeframe');
  if (!DAILY_TIMEFRAMES.includes(timeframe)) {
    throw new AlpacaBadParam(
      `invalid timeframe: the simulator serves 1Day bars only, got ${JSON.stringify(timeframe)}`,
    );
  }
  const adjustment = enumParam(q, 'adjustment', ['raw', 'split', 'dividend', 'all'] as const, 'raw');
  if (adjustment === 'dividend' || adjustment === 'all') {
    throw new AlpacaBadParam(`invalid adjustment: the simulator serves raw and split only, got ${adjustment}`);
  }
  enumParam(q, 'feed', ['sip', 'iex', 'delayed_sip', 'otc'] as const, 'sip');
  const sort = enumParam(q, 'sort', ['asc', 'desc'] as const, 'asc');
  const limit = limitParam(q);

  // Alpaca's defaults: from the start of today (New York) to now.
  const startMs = timeParam(q, 'start') ?? etToUtcMs(etDate(nowMs), 0);
  const endMs = timeParam(q, 'end') ?? nowMs;
  if (endMs < startMs) throw new AlpacaBadParam('end should not be before start');
  const startDay = etDate(startMs);
  const fromDate = etToUtcMs(startDay, 0) < startMs ? addDays(startDay, 1) : startDay;
  return {
    symbols,
    adjusted: adjustment === 'split',
    sort,
    limit,
    fromDate,
    toDate: etDate(endMs),
    pageToken: q.get('page_token'),
  };
}

function limitParam(q: URLSearchParams): number {
  const v = q.get('limit');
  if (v === null) return DEFAULT_BARS_PAGE;
  if (!/^\d+$/.test(v) || Number(v) < 1 || Number(v) > MAX_BARS_PAGE) {
    throw new AlpacaBadParam(`invalid limit: must be an integer between 1 and ${MAX_BARS_PAGE}`);
  }
  return Number(v);
}
