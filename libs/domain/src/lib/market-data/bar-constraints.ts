import { ValidatorConstraint, type ValidationArguments, type ValidatorConstraintInterface } from 'class-validator';
import { barPriceOrNull, barPriceOrProblem } from './bar-price';
import { marketDataSourceProblem, priceOrderProblem, sessionTimestampOrProblem } from './bar-rules';
import { barVolumeProblem } from './bar-volume';
import { symbolProblem } from './symbol-rule';

/**
 * class-validator constraints for a bar candidate. Each is a thin adapter over
 * a plain rule function (bar-rules.ts, bar-price.ts, bar-volume.ts,
 * symbol-rule.ts), which
 * validateBar also calls directly; `problemOf` computes the problem text once,
 * so `validate` and `defaultMessage` cannot disagree.
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
    const result = sessionTimestampOrProblem(value, args.property);
    return typeof result === 'number' ? null : result.problem;
  }
}

@ValidatorConstraint({ name: 'barPrice' })
export class BarPriceConstraint extends ProblemConstraint {
  protected problemOf(value: unknown, args: ValidationArguments): string | null {
    const result = barPriceOrProblem(value, args.property);
    return typeof result === 'string' ? null : result.problem;
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
      const problem = otherPrice === null ? null : priceOrderProblem(args.property, own, operator, other, otherPrice);
      if (problem !== null) {
        problems.push(problem);
      }
    }
    return problems.length > 0 ? problems.join('\n') : null;
  }
}

@ValidatorConstraint({ name: 'barVolume' })
export class BarVolumeConstraint extends ProblemConstraint {
  protected problemOf(value: unknown, args: ValidationArguments): string | null {
    return barVolumeProblem(value, args.property);
  }
}

@ValidatorConstraint({ name: 'marketDataSource' })
export class MarketDataSourceConstraint extends ProblemConstraint {
  protected problemOf(value: unknown, args: ValidationArguments): string | null {
    return marketDataSourceProblem(value, args.property);
  }
}
