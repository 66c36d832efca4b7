import type { DecimalString } from '../shared/decimal-string';

/** Where a bar came from; part of market_data's natural key. */
export const MARKET_DATA_SOURCES = ['polygon', 'alpaca'] as const;
export type MarketDataSource = (typeof MARKET_DATA_SOURCES)[number];

/**
 * Why a request's `source` parameter names no source (null when it does), in
 * the words every API and repository that takes one answers with.
 */
export function sourceParameterProblem(value: unknown): string | null {
  return (MARKET_DATA_SOURCES as readonly unknown[]).includes(value)
    ? null
    : `source must be one of ${MARKET_DATA_SOURCES.join(', ')}, got ${JSON.stringify(value)}`;
}

/** Bar length. Only daily bars exist on Polygon's free tier. */
export type Timeframe = '1d';

/**
 * One end-of-day OHLCV bar, split-UNadjusted as the exchange printed it.
 * `timestamp` is the session date at 00:00 America/New_York (Polygon's range
 * anchor), whichever endpoint delivered the bar, so one session has one key.
 */
export interface MarketDataBar {
  readonly symbol: string;
  readonly timestamp: Date;
  readonly open: DecimalString;
  readonly high: DecimalString;
  readonly low: DecimalString;
  readonly close: DecimalString;
  /** Shares traded, fractions included (fractional-share trading). */
  readonly volume: DecimalString;
  readonly source: MarketDataSource;
}
