export interface ConfigProblem {
  readonly variable: string;
  readonly problem: string;
}

/** Thrown when the environment does not satisfy a service's configuration schema. */
export class ConfigError extends Error {
  constructor(readonly problems: readonly ConfigProblem[]) {
    super(
      'invalid configuration: ' +
        problems.map(({ variable, problem }) => `${variable} ${problem}`).join('; '),
    );
    this.name = 'ConfigError';
  }
}
