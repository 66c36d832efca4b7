import { Validate } from 'class-validator';
import {
  BarPriceConstraint,
  BarVolumeConstraint,
  MarketDataSourceConstraint,
  PriceOrderConstraint,
  SessionTimestampConstraint,
  UsEquitySymbolConstraint,
} from './bar-constraints';

/** The prices `high` must be at or above, and `low` at or below, in reason order. */
export const HIGH_AT_LEAST = ['open', 'close', 'low'] as const;
export const LOW_AT_MOST = ['open', 'close'] as const;

/**
 * An untrusted bar, as class-validator sees it. Fields are `unknown` on
 * purpose: the candidate is whatever a provider or a caller handed over, and
 * the constraints decide whether it is a MarketDataBar. This is the declared
 * model; validateBar evaluates the same rule functions directly (see
 * validate-bar.ts), and validate-bar.agreement.spec.ts checks both agree.
 */
export class BarCandidate {
  @Validate(UsEquitySymbolConstraint)
  symbol: unknown;

  @Validate(SessionTimestampConstraint)
  timestamp: unknown;

  @Validate(BarPriceConstraint)
  open: unknown;

  @Validate(BarPriceConstraint)
  @Validate(PriceOrderConstraint, ['>=', ...HIGH_AT_LEAST])
  high: unknown;

  @Validate(BarPriceConstraint)
  @Validate(PriceOrderConstraint, ['<=', ...LOW_AT_MOST])
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
