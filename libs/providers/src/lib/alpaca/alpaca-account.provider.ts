import { reportRejectedRows } from '../observability/report-rejected-rows';
import {
  describeValue,
  fromAlpacaAccount,
  fromAlpacaCalendarDay,
  fromAlpacaClock,
  fromAlpacaFill,
  fromAlpacaOrder,
  fromAlpacaPosition,
  isPlainRecord,
  type AccountSnapshot,
  type Fill,
  type IsoDate,
  type MarketClock,
  type Order,
  type Position,
  type TradingSession,
  type Validated,
} from '@mdi/domain';
import type { AccountProvider, FillsQuery, OrdersQuery } from '../contract/account-provider';
import {
  transformRows,
  type ProviderPage,
  type ProviderResult,
  type TransformOptions,
} from '../contract/provider-result';
import { ProviderError } from '../errors/provider-error';
import type { ProviderLogger } from '../observability/provider-logger';
import type { ProviderMetrics } from '../observability/provider-metrics';
import { decodeOrdersCursor, encodeOrdersCursor, nextOrdersCursor } from './alpaca-orders-cursor';
import type { AlpacaApis } from './alpaca-sdk';
import { AlpacaWire, type AlpacaRateLimitState, type RawAnswer } from './alpaca-wire';

export type { AlpacaRateLimitState } from './alpaca-wire';

export const AlpacaEndpoint = {
  Account: 'account',
  Positions: 'positions',
  Orders: 'orders',
  Fills: 'activities-fill',
  Calendar: 'calendar',
  Clock: 'clock',
} as const;

export interface AlpacaProviderDeps {
  readonly apis: AlpacaApis;
  readonly secrets: readonly string[];
  readonly metrics?: ProviderMetrics;
  readonly logger?: ProviderLogger;
  readonly now?: () => Date;
}

/**
 * Alpaca on @alpacahq/alpaca-trade-api. The SDK's camelCase conversion is
 * skipped: the domain transformers validate the wire JSON, so a malformed
 * row is refused with its reason instead of becoming `undefined` fields.
 */
export class AlpacaAccountProvider implements AccountProvider {
  readonly name = 'alpaca';
  private readonly wire: AlpacaWire;

  constructor(private readonly deps: AlpacaProviderDeps) {
    this.wire = new AlpacaWire(deps);
  }

  /** Headroom as Alpaca reported it on the latest call. */
  get lastRateLimit(): AlpacaRateLimitState {
    return this.wire.lastRateLimit;
  }

  async getAccount(): Promise<ProviderResult<AccountSnapshot>> {
    const capturedAt = (this.deps.now ?? (() => new Date()))();
    const body = await this.request(AlpacaEndpoint.Account, () => this.deps.apis.accounts.getAccountRaw());
    return this.rows(AlpacaEndpoint.Account, [body], (row) => fromAlpacaAccount(row, capturedAt));
  }

  async getPositions(): Promise<ProviderResult<Position>> {
    const body = await this.request(AlpacaEndpoint.Positions, () => this.deps.apis.positions.getAllOpenPositionsRaw());
    return this.rows(AlpacaEndpoint.Positions, list(AlpacaEndpoint.Positions, body), fromAlpacaPosition, {
      keyOf: (p) => p.symbol,
    });
  }

  async getOrders(query: OrdersQuery): Promise<ProviderPage<Order>> {
    const limit = query.limit ?? 500;
    const cursor = query.cursor === undefined ? undefined : this.ordersCursor(query.cursor);
    const direction = cursor?.direction ?? query.direction ?? 'asc';
    const after = cursor?.direction === 'asc' ? cursor.bound : query.after;
    const until = cursor?.direction === 'desc' ? cursor.bound : query.until;
    const body = await this.request(AlpacaEndpoint.Orders, () =>
      this.deps.apis.orders.getAllOrdersRaw({ status: query.status, after, until, direction, limit }),
    );
    const rows = list(AlpacaEndpoint.Orders, body);
    // The previous page's orders at its final instant come again (the bound stepped back): drop them.
    const seen = new Set(cursor?.seen ?? []);
    const fresh =
      seen.size === 0
        ? rows
        : rows.filter((row) => !(isPlainRecord(row) && typeof row['id'] === 'string' && seen.has(row['id'])));
    const result = this.rows(AlpacaEndpoint.Orders, fresh, fromAlpacaOrder, { keyOf: (o) => o.id });
    // A full page may have more behind it.
    const next = rows.length === limit ? nextOrdersCursor(rows, direction) : null;
    if (next?.tiesSkipped) {
      this.deps.logger?.warn(
        { provider: this.name, endpoint: AlpacaEndpoint.Orders, bound: next.bound, page_size: limit },
        'a whole orders page shares one submission instant: paging past it may skip orders of that instant',
      );
    }
    return { ...result, nextCursor: next === null ? null : encodeOrdersCursor(next) };
  }

  async getFills(query: FillsQuery): Promise<ProviderPage<Fill>> {
    const pageSize = query.pageSize ?? 100;
    const body = await this.request(AlpacaEndpoint.Fills, () =>
      this.deps.apis.activities.getAccountActivitiesRaw({
        activityTypes: ['FILL'],
        after: query.after === undefined ? undefined : new Date(query.after),
        direction: 'asc',
        pageSize,
        pageToken: query.pageToken,
      }),
    );
    const rows = list(AlpacaEndpoint.Fills, body);
    const result = this.rows(AlpacaEndpoint.Fills, rows, fromAlpacaFill, { keyOf: (f) => f.id });
    // Alpaca's page token is the id of the last activity of the page.
    const last = rows.length === pageSize ? rows[rows.length - 1] : undefined;
    const token = isPlainRecord(last) && typeof last['id'] === 'string' ? last['id'] : null;
    return { ...result, nextCursor: token };
  }

  async getCalendar(start: IsoDate, end: IsoDate): Promise<ProviderResult<TradingSession>> {
    const body = await this.request(AlpacaEndpoint.Calendar, () =>
      this.deps.apis.calendar.legacyCalendarRaw({
        start: new Date(`${start}T00:00:00Z`),
        end: new Date(`${end}T00:00:00Z`),
      }),
    );
    return this.rows(AlpacaEndpoint.Calendar, list(AlpacaEndpoint.Calendar, body), fromAlpacaCalendarDay, {
      keyOf: (s) => s.date,
      compare: (a, b) => a.date.localeCompare(b.date),
    });
  }

  async getClock(): Promise<ProviderResult<MarketClock>> {
    const body = await this.request(AlpacaEndpoint.Clock, () => this.deps.apis.clock.legacyClockRaw());
    return this.rows(AlpacaEndpoint.Clock, [body], fromAlpacaClock);
  }

  private ordersCursor(text: string) {
    const cursor = decodeOrdersCursor(text);
    if (typeof cursor === 'string') {
      // Our own cursor came back unreadable (job data edited by hand): retrying cannot repair it.
      throw new ProviderError({
        provider: this.name,
        endpoint: AlpacaEndpoint.Orders,
        status: null,
        failure: 'rejected-request',
        message: `alpaca orders: ${cursor}`,
      });
    }
    return cursor;
  }

  /** One HTTP call; returns the wire JSON (see AlpacaWire). */
  private request(endpoint: string, run: () => Promise<RawAnswer>): Promise<unknown> {
    return this.wire.request(endpoint, run);
  }

  private rows<T>(
    endpoint: string,
    rows: readonly unknown[],
    transform: (row: unknown) => Validated<T>,
    options: TransformOptions<T> = {},
  ): ProviderResult<T> {
    const result = transformRows(rows, transform, options);
    reportRejectedRows(this.deps, this.name, endpoint, result);
    return result;
  }
}

function list(endpoint: string, body: unknown): unknown[] {
  if (!Array.isArray(body)) {
    throw new ProviderError({
      provider: 'alpaca',
      endpoint,
      status: 200,
      failure: 'unavailable',
      message: `alpaca ${endpoint}: unreadable response: body must be a JSON list, got ${describeValue(body)}`,
    });
  }
  return body;
}
