import { etMidnight, type MarketDataBar } from '@mdi/domain';

/** A valid daily bar for `date` (YYYY-MM-DD), anchored at 00:00 America/New_York. */
export function bar(
  symbol: string,
  date: string,
  overrides: Partial<Record<keyof MarketDataBar, unknown>> = {},
): MarketDataBar {
  return {
    symbol,
    timestamp: etMidnight(date),
    open: '100.5',
    high: '101.25',
    low: '99.125',
    close: '100.75',
    volume: '1000000',
    source: 'polygon',
    ...overrides,
  } as MarketDataBar;
}
