export interface ConfigProblem {
  readonly variable: string;
  readonly problem: string;
}

/** Thrown when the environment does not satisfy a service's configuration schema. */
export class ConfigError extends Error {
  constructor(readonly problems: readonly ConfigProblem[]) {
    super('invalid configuration: ' + problems.map(({ variable, problem }) => `${variable} ${problem}`).join('; '));
    this.name = 'ConfigError';
  }
}

/** What to do about a ConfigError: the variables to set or fix, and where they are explained. */
export function configErrorHint(error: ConfigError, see: string): string {
  return `set ${[...new Set(error.problems.map((p) => p.variable))].join(', ')} (see ${see})`;
}
