import { compareDecimal, type DecimalString } from '../shared/decimal-string';
import { describeValue } from '../shared/describe-value';
import { toInstant } from '../time/instant';
import { MARKET_DATA_SOURCES, type MarketDataSource } from './market-data-bar';
import { sessionAnchorMillis } from './session-anchor';

/**
 * The bar rules as plain functions. The class-validator constraints on
 * BarCandidate (the declared model) and validateBar's direct evaluation both
 * call these, so the two cannot disagree on a rule or its wording. Price,
 * volume and symbol rules live in bar-price.ts, bar-volume.ts and
 * symbol-rule.ts (also used elsewhere).
 */

export interface RuleProblem {
  readonly problem: string;
}

/**
 * Epoch ms of a timestamp on its session's 00:00 America/New_York anchor, or
 * why not. Accepts a Date, RFC 3339 text or whole epoch ms (see toInstant).
 */
export function sessionTimestampOrProblem(value: unknown, field: string): number | RuleProblem {
  // A valid Date needs no conversion; anything else goes through toInstant's
  // rules (and wording). Skipping its wrapper object matters at 10^5 bars.
  let instant = value instanceof Date ? value.getTime() : NaN;
  if (Number.isNaN(instant)) {
    const result = toInstant(value, field);
    if ('problem' in result) {
      return result;
    }
    instant = result.instant.getTime();
  }
  // One session, one key: see "Timestamps" in libs/domain/README.md.
  const anchor = sessionAnchorMillis(instant);
  if (anchor !== instant) {
    return {
      problem: `${field} ${new Date(instant).toISOString()} is not 00:00 America/New_York of its session date (expected ${new Date(anchor).toISOString()})`,
    };
  }
  return instant;
}

/**
 * `field` (price `own`) against another valid price: '>=' for high, '<=' for
 * low. A comparison with an invalid price is never made: that price has its
 * own reason.
 */
export function priceOrderProblem(
  field: string,
  own: DecimalString,
  operator: '>=' | '<=',
  otherField: string,
  other: DecimalString,
): string | null {
  const order = compareDecimal(own, other);
  if (operator === '>=' && order < 0) {
    return `${field} ${own} is below ${otherField} ${other}`;
  }
  if (operator === '<=' && order > 0) {
    return `${field} ${own} is above ${otherField} ${other}`;
  }
  return null;
}

export function isMarketDataSource(value: unknown): value is MarketDataSource {
  return (MARKET_DATA_SOURCES as readonly unknown[]).includes(value);
}

export function marketDataSourceProblem(value: unknown, field: string): string | null {
  return isMarketDataSource(value)
    ? null
    : `${field} must be one of ${MARKET_DATA_SOURCES.map((s) => `'${s}'`).join(', ')}, got ${describeValue(value)}`;
}
