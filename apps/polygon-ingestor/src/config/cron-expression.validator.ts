import { validateCronExpression } from 'cron';
import { ValidateBy, type ValidationOptions } from 'class-validator';

/** A six-field cron expression (seconds first), or "off" to disable that schedule. */
export function IsCronOrOff(options?: ValidationOptions): PropertyDecorator {
  return ValidateBy(
    {
      name: 'isCronOrOff',
      validator: {
        validate: (value: unknown) =>
          value === 'off' || (typeof value === 'string' && validateCronExpression(value).valid),
        defaultMessage: () => 'must be a cron expression such as "0 */10 13-23 * * 1-5", or off',
      },
    },
    options,
  );
}
