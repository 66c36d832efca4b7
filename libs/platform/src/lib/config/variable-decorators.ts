import { IsInt, IsString, Max, Min, MinLength } from 'class-validator';
import { EnvNumber } from './env-transformers';
import { Sensitive } from './sensitive.decorator';

/** What an integer variable counts, named in its error message ("must be an integer (seconds)"). */
export type IntegerUnit = 'milliseconds' | 'seconds' | 'minutes' | 'years';

export interface IntegerBounds {
  readonly min: number;
  /** No upper bound when left out. */
  readonly max?: number;
  readonly unit?: IntegerUnit;
}

/**
 * An integer variable within bounds: decimal text becomes a number, and a
 * value that is not an integer is refused first ("must be an integer"), then
 * one below `min` or above `max` with class-validator's bound message.
 */
export function EnvInteger({ min, max, unit }: IntegerBounds): PropertyDecorator {
  return (target, key) => {
    // class-validator checks rules in the order they are registered; loadConfig reports the first that fails.
    IsInt({ message: unit === undefined ? 'must be an integer' : `must be an integer (${unit})` })(target, key);
    Min(min)(target, key);
    if (max !== undefined) Max(max)(target, key);
    EnvNumber()(target, key);
  };
}

/** A provider's API key or secret: required text of at least 8 characters, never echoed. */
export function ApiKeyVariable(): PropertyDecorator {
  return (target, key) => {
    MinLength(8, { message: 'must be at least 8 characters' })(target, key);
    IsString()(target, key);
    Sensitive()(target, key);
  };
}
