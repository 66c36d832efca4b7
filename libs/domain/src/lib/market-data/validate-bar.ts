import { validateSync } from 'class-validator';
import { describeValue, isPlainRecord } from '../shared/describe-value';
import { accepted, rejected, type Validated } from '../shared/validated';
import { toInstant } from '../time/instant';
import { BAR_FIELDS, BarCandidate, type BarField } from './bar-candidate';
import { toBarPrice } from './bar-price';
import type { MarketDataBar, MarketDataSource } from './market-data-bar';

export interface BarViolation {
  readonly field: BarField;
  readonly reason: string;
}

/** Every rule a candidate breaks, field by field, in field order. */
export function barViolations(candidate: Record<string, unknown>): BarViolation[] {
  const subject = new BarCandidate();
  for (const field of BAR_FIELDS) {
    subject[field] = candidate[field];
  }
  const violations: BarViolation[] = [];
  for (const error of validateSync(subject)) {
    for (const reason of Object.values(error.constraints ?? {})) {
      for (const part of reason.split('\n')) {
        violations.push({ field: error.property as BarField, reason: part });
      }
    }
  }
  const order = (field: BarField) => BAR_FIELDS.indexOf(field);
  return violations.sort((a, b) => order(a.field) - order(b.field));
}

/**
 * Turns an untrusted bar into a MarketDataBar or the full list of reasons it
 * is not one. Prices may arrive as provider floats or decimal text and leave
 * as DecimalString; the timestamp may be a Date, RFC 3339 text or epoch ms and
 * must be 00:00 America/New_York of the session date.
 */
export function validateBar(candidate: unknown): Validated<MarketDataBar> {
  if (!isPlainRecord(candidate)) {
    return rejected([`bar must be an object, got ${describeValue(candidate)}`]);
  }
  const violations = barViolations(candidate);
  if (violations.length > 0) {
    return rejected(violations.map((v) => v.reason));
  }
  return accepted(toMarketDataBar(candidate));
}

/** Only called once every constraint has passed. */
function toMarketDataBar(candidate: Record<string, unknown>): MarketDataBar {
  const price = (field: 'open' | 'high' | 'low' | 'close') => {
    const result = toBarPrice(candidate[field], field);
    if ('problem' in result) {
      throw new Error(`unreachable: ${result.problem}`);
    }
    return result.price;
  };
  const instant = toInstant(candidate['timestamp'], 'timestamp');
  if ('problem' in instant) {
    throw new Error(`unreachable: ${instant.problem}`);
  }
  return {
    symbol: candidate['symbol'] as string,
    timestamp: new Date(instant.instant.getTime()),
    open: price('open'),
    high: price('high'),
    low: price('low'),
    close: price('close'),
    volume: candidate['volume'] as number,
    source: candidate['source'] as MarketDataSource,
  };
}
