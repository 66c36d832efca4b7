import {
  ValidatorConstraint,
  type ValidationArguments,
  type ValidatorConstraintInterface,
} from 'class-validator';
import { compareDecimal } from '../shared/decimal-string';
import { describeValue } from '../shared/describe-value';
import { toInstant } from '../time/instant';
import { etMidnight, sessionDateOf } from '../time/new-york-time';
import { barPriceOrNull, toBarPrice } from './bar-price';
import { symbolProblem } from './symbol-rule';
import { MARKET_DATA_SOURCES } from './market-data-bar';

/**
 * class-validator constraints for a bar candidate. Each computes its problem
 * text once in `problemOf`, so `validate` and `defaultMessage` cannot disagree.
 */
abstract class ProblemConstraint implements ValidatorConstraintInterface {
  protected abstract problemOf(value: unknown, args: ValidationArguments): string | null;

  validate(value: unknown, args: ValidationArguments): boolean {
    return this.problemOf(value, args) === null;
  }

  defaultMessage(args: ValidationArguments): string {
    return this.problemOf(args.value, args) ?? '';
  }
}

@ValidatorConstraint({ name: 'usEquitySymbol' })
export class UsEquitySymbolConstraint extends ProblemConstraint {
  protected problemOf(value: unknown, args: ValidationArguments): string | null {
    return symbolProblem(value, args.property);
  }
}

@ValidatorConstraint({ name: 'sessionTimestamp' })
export class SessionTimestampConstraint extends ProblemConstraint {
  protected problemOf(value: unknown, args: ValidationArguments): string | null {
    const result = toInstant(value, args.property);
    if ('problem' in result) {
      return result.problem;
    }
    // One session, one key: see "Timestamps" in libs/domain/README.md.
    const anchor = etMidnight(sessionDateOf(result.instant));
    if (anchor.getTime() !== result.instant.getTime()) {
      return `${args.property} ${result.instant.toISOString()} is not 00:00 America/New_York of its session date (expected ${anchor.toISOString()})`;
    }
    return null;
  }
}

@ValidatorConstraint({ name: 'barPrice' })
export class BarPriceConstraint extends ProblemConstraint {
  protected problemOf(value: unknown, args: ValidationArguments): string | null {
    const result = toBarPrice(value, args.property);
    return 'problem' in result ? result.problem : null;
  }
}

/**
 * `@Validate(PriceOrderConstraint, ['>=', 'open', 'close', 'low'])` on `high`:
 * the property must compare as stated with each named price. A comparison with
 * a price that is itself invalid is skipped: that price has its own reason.
 */
@ValidatorConstraint({ name: 'priceOrder' })
export class PriceOrderConstraint extends ProblemConstraint {
  protected problemOf(value: unknown, args: ValidationArguments): string | null {
    const [operator, ...others] = args.constraints as ['>=' | '<=', ...string[]];
    const own = barPriceOrNull(value);
    if (own === null) {
      return null;
    }
    const record = args.object as Record<string, unknown>;
    const problems: string[] = [];
    for (const other of others) {
      const otherPrice = barPriceOrNull(record[other]);
      if (otherPrice === null) {
        continue;
      }
      const order = compareDecimal(own, otherPrice);
      if (operator === '>=' && order < 0) {
        problems.push(`${args.property} ${own} is below ${other} ${otherPrice}`);
      } else if (operator === '<=' && order > 0) {
        problems.push(`${args.property} ${own} is above ${other} ${otherPrice}`);
      }
    }
    return problems.length > 0 ? problems.join('\n') : null;
  }
}

@ValidatorConstraint({ name: 'barVolume' })
export class BarVolumeConstraint extends ProblemConstraint {
  protected problemOf(value: unknown, args: ValidationArguments): string | null {
    const field = args.property;
    if (value === undefined || value === null) {
      return `${field} is missing`;
    }
    if (typeof value !== 'number') {
      return `${field} must be a number, got ${describeValue(value)}`;
    }
    if (!Number.isFinite(value)) {
      return `${field} must be a finite number, got ${describeValue(value)}`;
    }
    if (!Number.isInteger(value)) {
      return `${field} must be a whole number of shares, got ${value}`;
    }
    if (value < 0) {
      return `${field} must be 0 or more, got ${value}`;
    }
    if (!Number.isSafeInteger(value)) {
      return `${field} ${value} is larger than the largest exact integer (${Number.MAX_SAFE_INTEGER})`;
    }
    return null;
  }
}

@ValidatorConstraint({ name: 'marketDataSource' })
export class MarketDataSourceConstraint extends ProblemConstraint {
  protected problemOf(value: unknown, args: ValidationArguments): string | null {
    return (MARKET_DATA_SOURCES as readonly unknown[]).includes(value)
      ? null
      : `${args.property} must be one of ${MARKET_DATA_SOURCES.map((s) => `'${s}'`).join(', ')}, got ${describeValue(value)}`;
  }
}
