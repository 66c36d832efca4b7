import { plainToInstance } from 'class-transformer';
import { getMetadataStorage, validateSync, type ValidationError } from 'class-validator';
import { ConfigError, type ConfigProblem } from './config-error';
import { sensitiveKeysOf } from './sensitive.decorator';

type Schema<T> = new () => T;

/**
 * Reads exactly the variables a schema declares from the environment, converts
 * and validates them, and fails with every problem at once.
 */
export function loadConfig<T extends object>(schema: Schema<T>, env: NodeJS.ProcessEnv = process.env): Readonly<T> {
  const declared = declaredVariables(schema);
  const plain: Record<string, string> = {};
  for (const name of declared) {
    const value = env[name];
    // An empty variable means "not set": `FOO=` must not silently become 0 or "".
    if (value !== undefined && value.trim() !== '') plain[name] = value;
  }
  const config = plainToInstance(schema, plain, { exposeDefaultValues: true });
  const errors = validateSync(config, { forbidUnknownValues: false, stopAtFirstError: true });
  if (errors.length > 0) {
    throw new ConfigError(describe(errors, plain, sensitiveKeysOf(schema)));
  }
  return Object.freeze(config);
}

/** The configuration with secrets replaced, safe for logs and /status. */
export function redactConfig<T extends object>(schema: Schema<T>, config: T): Record<string, unknown> {
  const sensitive = sensitiveKeysOf(schema);
  return Object.fromEntries(
    Object.entries(config).map(([key, value]) => [
      key,
      sensitive.has(key) && value !== undefined ? '[redacted]' : value,
    ]),
  );
}

function declaredVariables(schema: Schema<object>): string[] {
  const metadata = getMetadataStorage().getTargetValidationMetadatas(schema, '', true, false);
  return [...new Set(metadata.map((entry) => entry.propertyName))];
}

function describe(
  errors: ValidationError[],
  plain: Record<string, string>,
  sensitive: ReadonlySet<string>,
): ConfigProblem[] {
  return errors
    .sort((a, b) => a.property.localeCompare(b.property))
    .map((error) => {
      const variable = error.property;
      const rules = Object.values(error.constraints ?? {}).map((text) => text.replace(new RegExp(`^${variable} `), ''));
      if (!(variable in plain)) return { variable, problem: 'is required but not set' };
      // A rule whose message already quotes the offending part (context quotesValue) is not followed by the whole value.
      const quoted = Object.values(error.contexts ?? {}).some((context) => context?.['quotesValue'] === true);
      const shown = sensitive.has(variable) || quoted ? '' : ` (got "${plain[variable]}")`;
      return { variable, problem: `${rules.join(', ')}${shown}` };
    });
}
