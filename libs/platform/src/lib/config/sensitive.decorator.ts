const SENSITIVE_KEYS = Symbol('sensitive-config-keys');

type SensitiveHolder = { [SENSITIVE_KEYS]?: Set<string> };

/**
 * Marks a configuration variable as a secret: its value is never echoed in
 * validation errors, logs or /status output.
 */
export function Sensitive(): PropertyDecorator {
  return (target, propertyKey) => {
    const holder = target as SensitiveHolder;
    const inherited = holder[SENSITIVE_KEYS] ?? new Set<string>();
    holder[SENSITIVE_KEYS] = new Set([...inherited, String(propertyKey)]);
  };
}

export function sensitiveKeysOf(schema: abstract new () => object): ReadonlySet<string> {
  return (schema.prototype as SensitiveHolder)[SENSITIVE_KEYS] ?? new Set();
}
