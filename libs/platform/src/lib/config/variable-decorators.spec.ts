import 'reflect-metadata';
import { ConfigError } from './config-error';
import { loadConfig, redactConfig } from './load-config';
import { ApiKeyVariable, EnvInteger } from './variable-decorators';

class Example {
  @EnvInteger({ min: 1, max: 60, unit: 'seconds' })
  INTERVAL = 5;

  @EnvInteger({ min: 100 })
  WINDOW = 1000;

  @ApiKeyVariable()
  KEY!: string;
}

function problemsOf(env: NodeJS.ProcessEnv): string[] {
  try {
    loadConfig(Example, env);
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return (error as ConfigError).problems.map((p) => `${p.variable} ${p.problem}`);
  }
  throw new Error('expected a ConfigError');
}

describe('EnvInteger and ApiKeyVariable', () => {
  it('read decimal text as an integer and keep the defaults', () => {
    expect(loadConfig(Example, { KEY: 'key-12345' })).toMatchObject({ INTERVAL: 5, WINDOW: 1000 });
    expect(loadConfig(Example, { KEY: 'key-12345', INTERVAL: '60', WINDOW: '9999999' })).toMatchObject({
      INTERVAL: 60,
      WINDOW: 9_999_999,
    });
  });

  it('refuse a non-integer with the unit first, then each bound', () => {
    expect(problemsOf({ KEY: 'key-12345', INTERVAL: '1.5', WINDOW: 'ten' })).toEqual([
      'INTERVAL must be an integer (seconds) (got "1.5")',
      'WINDOW must be an integer (got "ten")',
    ]);
    expect(problemsOf({ KEY: 'key-12345', INTERVAL: '0', WINDOW: '99' })).toEqual([
      'INTERVAL must not be less than 1 (got "0")',
      'WINDOW must not be less than 100 (got "99")',
    ]);
    expect(problemsOf({ KEY: 'key-12345', INTERVAL: '61' })).toEqual([
      'INTERVAL must not be greater than 60 (got "61")',
    ]);
  });

  it('require an API key of 8 characters and never echo it', () => {
    expect(problemsOf({})).toEqual(['KEY is required but not set']);
    expect(problemsOf({ KEY: 'short' })).toEqual(['KEY must be at least 8 characters']);
    const config = loadConfig(Example, { KEY: 'key-12345' });
    expect(redactConfig(Example, config)).toMatchObject({ KEY: '[redacted]' });
  });
});
