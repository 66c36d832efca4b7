import { Validate } from 'class-validator';
import {
  BarPriceConstraint,
  BarVolumeConstraint,
  MarketDataSourceConstraint,
  PriceOrderConstraint,
  SessionTimestampConstraint,
  UsEquitySymbolConstraint,
} from './bar-constraints';

/**
 * An untrusted bar, as class-validator sees it. Fields are `unknown` on
 * purpose: the candidate is whatever a provider or a caller handed over, and
 * the constraints decide whether it is a MarketDataBar.
 */
export class BarCandidate {
  @Validate(UsEquitySymbolConstraint)
  symbol: unknown;

  @Validate(SessionTimestampConstraint)
  timestamp: unknown;

  @Validate(BarPriceConstraint)
  open: unknown;

  @Validate(BarPriceConstraint)
  @Validate(PriceOrderConstraint, ['>=', 'open', 'close', 'low'])
  high: unknown;

  @Validate(BarPriceConstraint)
  @Validate(PriceOrderConstraint, ['<=', 'open', 'close'])
  low: unknown;

  @Validate(BarPriceConstraint)
  close: unknown;

  @Validate(BarVolumeConstraint)
  volume: unknown;

  @Validate(MarketDataSourceConstraint)
  source: unknown;
}

export const BAR_FIELDS = ['symbol', 'timestamp', 'open', 'high', 'low', 'close', 'volume', 'source'] as const;
export type BarField = (typeof BAR_FIELDS)[number];
