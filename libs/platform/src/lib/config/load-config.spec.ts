import 'reflect-metadata';
import { IsBoolean, IsNumber, IsString, Matches, Max, Min, MinLength, IsOptional } from 'class-validator';
import { BaseServiceConfig } from './base-service.config';
import { ConfigError } from './config-error';
import { EnvBoolean, EnvList, EnvNumber } from './env-transformers';
import { loadConfig, redactConfig } from './load-config';
import { Sensitive } from './sensitive.decorator';

class ExampleConfig extends BaseServiceConfig {
  override PORT = 3999;

  @Sensitive()
  @IsString()
  @MinLength(8, { message: 'must be at least 8 characters' })
  EXAMPLE_API_KEY!: string;

  @EnvBoolean()
  @IsBoolean({ message: 'must be true or false' })
  ENABLE_THING = true;

  @EnvNumber()
  @IsNumber({}, { message: 'must be a number' })
  @Min(0)
  @Max(1)
  THRESHOLD = 0.05;

  @IsOptional()
  @EnvList()
  @IsString({ each: true })
  SYMBOLS?: string[];

  @IsOptional()
  @Matches(/^[a-z]+$/, { message: 'has a bad part: only lower-case letters', context: { quotesValue: true } })
  QUOTING?: string;
}

const valid = {
  DATABASE_URL: 'postgres://postgres:s3cret-pass@127.0.0.1:5432/mdi',
  REDIS_URL: 'redis://127.0.0.1:6379',
  EXAMPLE_API_KEY: 'abcdefgh12345',
};

function problemsOf(env: NodeJS.ProcessEnv): string[] {
  try {
    loadConfig(ExampleConfig, env);
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return (error as ConfigError).problems.map((p) => `${p.variable} ${p.problem}`);
  }
  throw new Error('expected a ConfigError');
}

describe('loadConfig', () => {
  it('applies defaults and converts types', () => {
    const config = loadConfig(ExampleConfig, { ...valid, ENABLE_THING: 'FALSE', SYMBOLS: 'AAPL, MSFT,,BRK.B ' });
    expect(config.PORT).toBe(3999);
    expect(config.LOG_LEVEL).toBe('info');
    expect(config.ENABLE_THING).toBe(false);
    expect(config.THRESHOLD).toBe(0.05);
    expect(config.SYMBOLS).toEqual(['AAPL', 'MSFT', 'BRK.B']);
    expect(Object.isFrozen(config)).toBe(true);
  });

  it('reads only the variables the schema declares', () => {
    const config = loadConfig(ExampleConfig, { ...valid, UNRELATED: 'x' });
    expect(config).not.toHaveProperty('UNRELATED');
  });

  it('names a missing variable', () => {
    expect(problemsOf({ ...valid, EXAMPLE_API_KEY: undefined })).toEqual(['EXAMPLE_API_KEY is required but not set']);
  });

  it('treats an empty variable as missing instead of as zero or blank', () => {
    expect(problemsOf({ ...valid, DATABASE_URL: '  ' })).toEqual(['DATABASE_URL is required but not set']);
  });

  it('reports every malformed variable at once, with the offending value', () => {
    const problems = problemsOf({ ...valid, PORT: 'eighty', ENABLE_THING: 'yes', THRESHOLD: '1.5', LOG_LEVEL: 'loud' });
    expect(problems).toEqual([
      'ENABLE_THING must be true or false (got "yes")',
      expect.stringMatching(/^LOG_LEVEL must be one of fatal, error, .* \(got "loud"\)$/),
      'PORT must be an integer (got "eighty")',
      'THRESHOLD must not be greater than 1 (got "1.5")',
    ]);
  });

  it("leaves the value out when the rule's message quotes the offending part itself", () => {
    expect(problemsOf({ ...valid, QUOTING: 'abc1' })).toEqual(['QUOTING has a bad part: only lower-case letters']);
  });

  it('rejects a non-postgres DATABASE_URL', () => {
    expect(problemsOf({ ...valid, DATABASE_URL: 'mysql://x@y/z' })).toEqual(['DATABASE_URL must be a postgres:// URL']);
  });

  it('never echoes a sensitive value', () => {
    const [problem] = problemsOf({ ...valid, EXAMPLE_API_KEY: 'short' });
    expect(problem).toBe('EXAMPLE_API_KEY must be at least 8 characters');
    expect(problem).not.toContain('short');
  });

  it('produces a one-line message naming each variable', () => {
    try {
      loadConfig(ExampleConfig, { REDIS_URL: valid.REDIS_URL });
      throw new Error('expected a ConfigError');
    } catch (error) {
      expect((error as Error).message).toBe(
        'invalid configuration: DATABASE_URL is required but not set; EXAMPLE_API_KEY is required but not set',
      );
    }
  });

  it('redacts secrets for display', () => {
    const shown = redactConfig(ExampleConfig, loadConfig(ExampleConfig, valid));
    expect(shown['EXAMPLE_API_KEY']).toBe('[redacted]');
    expect(shown['DATABASE_URL']).toBe('[redacted]');
    expect(shown['PORT']).toBe(3999);
  });
});
