import type { marketData } from '@alpacahq/alpaca-trade-api';
import {
  alpacaBarsAnswer,
  etMidnight,
  fromAlpacaBarRow,
  isPlainRecord,
  sessionDateOf,
  type IsoDate,
  type MarketDataBar,
} from '@mdi/domain';
import { transformRows, type ProviderPage, type RejectedProviderRow } from '../contract/provider-result';
import { ProviderError } from '../errors/provider-error';
import type { ProviderLogger } from '../observability/provider-logger';
import type { ProviderMetrics } from '../observability/provider-metrics';
import { reportRejectedRows } from '../observability/report-rejected-rows';
import { AlpacaWire, type AlpacaRateLimitState } from './alpaca-wire';

export const ALPACA_BARS_ENDPOINT = 'stock-bars';
/** Alpaca's page size cap for historical bars (across the symbols of one call). */
export const ALPACA_BARS_PAGE_SIZE = 10_000;
/** Which consolidated feed bars come from: SIP (every US exchange), like Polygon's aggregates. */
export const ALPACA_BARS_FEED = 'sip';

export interface AlpacaMarketDataDeps {
  readonly stocks: marketData.StockApi;
  readonly secrets: readonly string[];
  readonly metrics?: ProviderMetrics;
  readonly logger?: ProviderLogger;
  readonly now?: () => Date;
}

/** A refused bars row with the symbol it was listed under (the row alone does not name it). */
export interface RejectedAlpacaBar {
  readonly symbol: string;
  readonly row: unknown;
}

/**
 * Alpaca market data on @alpacahq/alpaca-trade-api's generated StockApi
 * (the *Raw method: the wire JSON goes through the domain transformer, so a
 * malformed row is refused with its reasons, not turned into a Date or
 * undefined by the SDK). One method call is one HTTP request (one page).
 */
export class AlpacaMarketDataProvider {
  readonly name = 'alpaca';
  private readonly wire: AlpacaWire;

  constructor(private readonly deps: AlpacaMarketDataDeps) {
    this.wire = new AlpacaWire(deps);
  }

  get lastRateLimit(): AlpacaRateLimitState {
    return this.wire.lastRateLimit;
  }

  /**
   * One page of raw daily bars of `symbols` for the sessions from..to
   * (inclusive: Alpaca stamps a daily bar at 00:00 New York, so start and end
   * are those instants), 10,000 bars a page across symbols, symbols in order.
   * Bars outside the window or of a symbol not asked for are refused; an exact
   * repeat is dropped, two different bars for one session are both refused.
   */
  async getStockBars(
    symbols: readonly string[],
    from: IsoDate,
    to: IsoDate,
    pageToken?: string,
  ): Promise<ProviderPage<MarketDataBar>> {
    const body = await this.wire.request(ALPACA_BARS_ENDPOINT, () =>
      this.deps.stocks.stockBarsRaw({
        symbols: symbols.join(','),
        timeframe: '1Day',
        start: etMidnight(from),
        end: etMidnight(to),
        adjustment: 'raw',
        feed: ALPACA_BARS_FEED as marketData.StockHistoricalFeed,
        limit: ALPACA_BARS_PAGE_SIZE,
        sort: 'asc' as marketData.Sort,
        ...(pageToken === undefined ? {} : { pageToken }),
      }),
    );
    const answer = alpacaBarsAnswer(body);
    if (!answer.ok) {
      throw new ProviderError({
        provider: this.name,
        endpoint: ALPACA_BARS_ENDPOINT,
        status: 200,
        failure: 'unavailable',
        message: `alpaca ${ALPACA_BARS_ENDPOINT}: unreadable response: ${answer.reasons.join('; ')}`,
      });
    }
    const asked = new Set(symbols);
    const listed = answer.value.bars.flatMap(({ symbol, rows }) => rows.map((row) => ({ symbol, row })));
    const result = transformRows<MarketDataBar>(
      listed,
      (entry) => {
        const { symbol, row } = entry as RejectedAlpacaBar;
        if (!asked.has(symbol)) return { ok: false, reasons: [`symbol ${symbol} was not asked for`] };
        const bar = fromAlpacaBarRow(symbol, row);
        if (!bar.ok) return bar;
        const date = sessionDateOf(bar.value.timestamp);
        if (date < from || date > to) return { ok: false, reasons: [`session ${date} is outside ${from}..${to}`] };
        return bar;
      },
      {
        keyOf: (b) => `${b.symbol} ${sessionDateOf(b.timestamp)}`,
        compare: (a, b) => a.symbol.localeCompare(b.symbol) || a.timestamp.getTime() - b.timestamp.getTime(),
      },
    );
    reportRejectedRows(this.deps, this.name, ALPACA_BARS_ENDPOINT, result);
    return { ...result, nextCursor: answer.value.nextPageToken };
  }
}

/** The symbol and the raw row of a refused bars row (what getStockBars puts in `rejected`). */
export function rejectedAlpacaBar(rejected: RejectedProviderRow): RejectedAlpacaBar {
  const entry = rejected.row;
  if (isPlainRecord(entry) && typeof entry['symbol'] === 'string')
    return { symbol: entry['symbol'], row: entry['row'] };
  return { symbol: '', row: entry };
}
