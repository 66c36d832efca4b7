import { reportRejectedRows } from '../observability/report-rejected-rows';
import {
  fromPolygonDividend,
  fromPolygonGroupedRow,
  fromPolygonHoliday,
  fromPolygonRangeRow,
  fromPolygonSplit,
  fromPolygonTicker,
  fromPolygonTickerDetails,
  rejected as rejectedOutcome,
  sessionDateOf,
  type CashDividend,
  type IsoDate,
  type MarketDataBar,
  type MarketHoliday,
  type StockSplit,
  type TickerReference,
  type Validated,
} from '@mdi/domain';
import { redactSecrets } from '@mdi/platform';
import type { BarOptions, MarketDataProvider } from '../contract/market-data-provider';
import {
  transformRows,
  type ProviderPage,
  type ProviderResult,
  type TransformOptions,
} from '../contract/provider-result';
import { polygonError } from '../errors/polygon-error.mapper';
import { ProviderError } from '../errors/provider-error';
import type { ProviderLogger } from '../observability/provider-logger';
import type { ProviderMetrics } from '../observability/provider-metrics';
import { HTTP_TIMEOUT_MS } from '../resilience/resilience.constants';
import { readArray, readEnvelope } from './polygon-envelope';
import type { PolygonRestClient } from './polygon-sdk';

/** Endpoint names: the metrics label and the text of errors. */
export const PolygonEndpoint = {
  DailyBars: 'aggregates-range',
  GroupedDaily: 'grouped-daily',
  Tickers: 'reference-tickers',
  Splits: 'reference-splits',
  Dividends: 'reference-dividends',
  Holidays: 'market-holidays',
  TickerDetails: 'reference-ticker-details',
} as const;

/** The most rows one page may carry (Polygon's documented maximums). */
const AGGREGATES_LIMIT = 50_000;
const REFERENCE_LIMIT = 1000;

export interface PolygonProviderDeps {
  readonly client: PolygonRestClient;
  /** Values scrubbed from every error text (the API key). */
  readonly secrets: readonly string[];
  readonly metrics?: ProviderMetrics;
  readonly logger?: ProviderLogger;
  readonly timeoutMs?: number;
  /** Rows per reference page (Polygon's maximum, 1000, unless a test wants more pages). */
  readonly referencePageSize?: number;
}

type AxiosOptions = { timeout: number; params?: Record<string, string> };

/** The SDK types timespan as its own enum of string literals. */
const DAY = 'day' as Parameters<PolygonRestClient['getStocksAggregates']>[2];
const ASCENDING = 'asc' as Parameters<PolygonRestClient['getStocksAggregates']>[6];

const byTimestamp = (a: MarketDataBar, b: MarketDataBar) => a.timestamp.getTime() - b.timestamp.getTime();
const barKey = (bar: MarketDataBar) => `${bar.symbol} ${sessionDateOf(bar.timestamp)}`;

/**
 * Polygon on @polygon.io/client-js. One method call = one HTTP request;
 * listings return one page and the cursor of the next (the SDK's own
 * pagination mode is buggy: pages out of order, throws on a page without results).
 */
export class PolygonMarketDataProvider implements MarketDataProvider {
  readonly name = 'polygon';

  constructor(private readonly deps: PolygonProviderDeps) {}

  private get pageSize(): number {
    return this.deps.referencePageSize ?? REFERENCE_LIMIT;
  }

  async getDailyBars(
    symbol: string,
    from: IsoDate,
    to: IsoDate,
    options: BarOptions,
    cursor?: string,
  ): Promise<ProviderPage<MarketDataBar>> {
    const endpoint = PolygonEndpoint.DailyBars;
    const body = await this.request(endpoint, (opts) =>
      this.deps.client.getStocksAggregates(
        symbol,
        1,
        DAY,
        from,
        to,
        options.adjusted,
        ASCENDING,
        AGGREGATES_LIMIT,
        withCursor(opts, cursor),
      ),
    );
    const inRange = (row: unknown): Validated<MarketDataBar> => {
      const bar = fromPolygonRangeRow(symbol, row);
      if (!bar.ok) return bar;
      const date = sessionDateOf(bar.value.timestamp);
      return date < from || date > to
        ? rejectedOutcome([`bar of ${date} is outside the requested ${from}..${to}`])
        : bar;
    };
    return this.page(endpoint, body, inRange, { keyOf: barKey, compare: byTimestamp });
  }

  async getGroupedDaily(date: IsoDate, options: BarOptions): Promise<ProviderResult<MarketDataBar>> {
    const endpoint = PolygonEndpoint.GroupedDaily;
    const body = await this.request(endpoint, (opts) =>
      this.deps.client.getGroupedStocksAggregates(date, options.adjusted, false, opts),
    );
    const onDate = (row: unknown): Validated<MarketDataBar> => {
      const bar = fromPolygonGroupedRow(row);
      if (!bar.ok) return bar;
      const session = sessionDateOf(bar.value.timestamp);
      return session === date ? bar : rejectedOutcome([`bar of ${session} in the grouped answer for ${date}`]);
    };
    const { items, rejected } = this.page(endpoint, body, onDate, {
      keyOf: barKey,
      compare: (a, b) => a.symbol.localeCompare(b.symbol),
    });
    return { items, rejected };
  }

  async listTickers(filter: { readonly active: boolean }, cursor?: string): Promise<ProviderPage<TickerReference>> {
    const endpoint = PolygonEndpoint.Tickers;
    // Positional filters of listTickers: market 2, active 8, order 13, limit 14, sort 15.
    const filters = cursor ? [] : at(16, { 2: 'stocks', 8: filter.active, 13: 'asc', 14: this.pageSize, 15: 'ticker' });
    const body = await this.request(endpoint, (opts) =>
      positional(this.deps.client, this.deps.client.listTickers, filters, 16, withCursor(opts, cursor)),
    );
    return this.page(endpoint, body, fromPolygonTicker, { keyOf: (t) => t.symbol });
  }

  async listSplits(from: IsoDate, to: IsoDate, cursor?: string): Promise<ProviderPage<StockSplit>> {
    const endpoint = PolygonEndpoint.Splits;
    // Positional filters of listStockSplits: execution_date.gte 7, .lte 9, order 11, limit 12, sort 13.
    const filters = cursor ? [] : at(14, { 7: from, 9: to, 11: 'asc', 12: this.pageSize, 13: 'execution_date' });
    const body = await this.request(endpoint, (opts) =>
      positional(this.deps.client, this.deps.client.listStockSplits, filters, 14, withCursor(opts, cursor)),
    );
    return this.page(endpoint, body, fromPolygonSplit, { keyOf: (s) => `${s.symbol} ${s.executionDate}` });
  }

  async listDividends(from: IsoDate, to: IsoDate, cursor?: string): Promise<ProviderPage<CashDividend>> {
    const endpoint = PolygonEndpoint.Dividends;
    // Positional filters of listDividends: ex_dividend_date.gte 12, .lte 14, order 32, limit 33, sort 34.
    const filters = cursor ? [] : at(35, { 12: from, 14: to, 32: 'asc', 33: this.pageSize, 34: 'ex_dividend_date' });
    const body = await this.request(endpoint, (opts) =>
      positional(this.deps.client, this.deps.client.listDividends, filters, 35, withCursor(opts, cursor)),
    );
    return this.page(endpoint, body, fromPolygonDividend, { keyOf: (d) => `${d.symbol} ${d.exDividendDate}` });
  }

  async getTickerDetails(symbol: string): Promise<ProviderResult<TickerReference>> {
    const endpoint = PolygonEndpoint.TickerDetails;
    let body: unknown;
    try {
      body = await this.request(endpoint, (opts) => this.deps.client.getTicker(symbol, undefined, opts));
    } catch (error) {
      // Polygon answers 404 NOT_FOUND for a ticker it has no record of: an answer, not an outage.
      if (error instanceof ProviderError && error.status === 404) {
        return {
          items: [],
          rejected: [{ row: { ticker: symbol }, reasons: [`polygon has no reference record for ${symbol}`] }],
        };
      }
      throw error;
    }
    const details = fromPolygonTickerDetails(symbol, body);
    const result: ProviderResult<TickerReference> = details.ok
      ? { items: [details.value], rejected: [] }
      : { items: [], rejected: [{ row: body, reasons: details.reasons }] };
    this.report(endpoint, result);
    return result;
  }

  async getMarketHolidays(): Promise<ProviderResult<MarketHoliday>> {
    const endpoint = PolygonEndpoint.Holidays;
    const body = await this.request(endpoint, (opts) => this.deps.client.getMarketHolidays(opts));
    const result = transformRows(readArray(endpoint, body), fromPolygonHoliday, {
      keyOf: (h) => `${h.date} ${h.exchange}`,
      compare: (a, b) => a.date.localeCompare(b.date) || a.exchange.localeCompare(b.exchange),
    });
    this.report(endpoint, result);
    return result;
  }

  /** One HTTP call, counted by status; any failure becomes a scrubbed ProviderError. */
  private async request(endpoint: string, run: (opts: AxiosOptions) => Promise<unknown>): Promise<unknown> {
    try {
      const body = await run({ timeout: this.deps.timeoutMs ?? HTTP_TIMEOUT_MS });
      this.deps.metrics?.call(this.name, endpoint, 200);
      return body;
    } catch (error) {
      const failure = polygonError(endpoint, error, this.deps.secrets);
      this.deps.metrics?.call(this.name, endpoint, failure.status);
      throw failure;
    }
  }

  private page<T>(
    endpoint: string,
    body: unknown,
    transform: (row: unknown) => Validated<T>,
    options: TransformOptions<T>,
  ): ProviderPage<T> {
    const envelope = readEnvelope(endpoint, body);
    const result = transformRows(envelope.rows, transform, options);
    if (envelope.brokenNextUrl !== undefined) {
      const nextUrl = redactSecrets(envelope.brokenNextUrl, this.deps.secrets);
      result.rejected.push({
        row: { next_url: nextUrl },
        reasons: ['next_url has no cursor; the listing stops at this page'],
      });
    }
    this.report(endpoint, result);
    return { ...result, nextCursor: envelope.nextCursor };
  }

  private report(endpoint: string, result: ProviderResult<unknown>): void {
    reportRejectedRows(this.deps, this.name, endpoint, result);
  }
}

function withCursor(opts: AxiosOptions, cursor: string | undefined): AxiosOptions {
  return cursor ? { ...opts, params: { cursor } } : opts;
}

/** A positional argument list of `length`, undefined except at the given indexes. */
function at(length: number, values: Record<number, unknown>): unknown[] {
  return Array.from({ length }, (_, index) => values[index]);
}

/**
 * Calls an SDK method whose many optional filters are positional. With a
 * cursor every filter is left out: the cursor alone carries the query.
 */
function positional(
  client: PolygonRestClient,
  method: (...args: never[]) => Promise<unknown>,
  filters: unknown[],
  filterCount: number,
  opts: AxiosOptions,
): Promise<unknown> {
  const args = [...filters, ...new Array<undefined>(filterCount - filters.length).fill(undefined), opts];
  return (method as unknown as (...all: unknown[]) => Promise<unknown>).apply(client, args);
}
