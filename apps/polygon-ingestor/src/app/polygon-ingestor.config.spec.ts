import { ConfigError, loadConfig } from '@mdi/platform';
import { PolygonIngestorConfig } from './polygon-ingestor.config';

const base = {
  DATABASE_URL: 'postgres://postgres@127.0.0.1:5432/postgres',
  REDIS_URL: 'redis://127.0.0.1:6379',
  POLYGON_API_KEY: 'sim-polygon-key',
  INTERNAL_API_TOKEN: 'service-token-0123456789',
};

function problemOf(env: Record<string, string>): string {
  try {
    loadConfig(PolygonIngestorConfig, { ...base, ...env });
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return (error as ConfigError).message;
  }
  throw new Error('expected a ConfigError');
}

describe('PolygonIngestorConfig', () => {
  it('accepts Polygon under its api.massive.com name (same API, same keys) and defaults to api.polygon.io', () => {
    expect(
      loadConfig(PolygonIngestorConfig, { ...base, POLYGON_BASE_URL: 'https://api.massive.com' }).POLYGON_BASE_URL,
    ).toBe('https://api.massive.com');
    expect(loadConfig(PolygonIngestorConfig, base).POLYGON_BASE_URL).toBe('https://api.polygon.io');
    expect(problemOf({ POLYGON_BASE_URL: 'https://api.massive.com/v2' })).toBe(
      'invalid configuration: POLYGON_BASE_URL must be an http(s) origin such as https://api.polygon.io or https://api.massive.com (got "https://api.massive.com/v2")',
    );
  });

  it('requires INTERNAL_API_TOKEN of at least 16 characters, never echoing it', () => {
    expect(problemOf({ INTERNAL_API_TOKEN: '' })).toBe(
      'invalid configuration: INTERNAL_API_TOKEN is required but not set',
    );
    expect(problemOf({ INTERNAL_API_TOKEN: 'short-secret' })).toBe(
      'invalid configuration: INTERNAL_API_TOKEN must be at least 16 characters',
    );
  });

  it('names each bad DATA_INGESTION_ACTIVE_SYMBOLS entry by position instead of printing the whole list', () => {
    expect(
      loadConfig(PolygonIngestorConfig, { ...base, DATA_INGESTION_ACTIVE_SYMBOLS: 'AAPL, BRK.B' })
        .DATA_INGESTION_ACTIVE_SYMBOLS,
    ).toEqual(['AAPL', 'BRK.B']);
    const message = problemOf({ DATA_INGESTION_ACTIVE_SYMBOLS: 'AAPL,MSFT,brk b,NVDA,TOOLONGX' });
    expect(message).toBe(
      'invalid configuration: DATA_INGESTION_ACTIVE_SYMBOLS entry 3 "brk b" is not a US equity ticker (1-6 capital letters, optionally .CLASS of 1-2, such as AAPL or BRK.B); ' +
        'entry 5 "TOOLONGX" is not a US equity ticker (1-6 capital letters, optionally .CLASS of 1-2, such as AAPL or BRK.B)',
    );
    expect(message).not.toContain('AAPL,MSFT');
  });

  it('limits an export to BARS_EXPORT_MAX_ROWS bars, 3,000,000 unless set, and refuses a limit that is no count', () => {
    expect(loadConfig(PolygonIngestorConfig, base).BARS_EXPORT_MAX_ROWS).toBe(3_000_000);
    expect(loadConfig(PolygonIngestorConfig, { ...base, BARS_EXPORT_MAX_ROWS: '500000' }).BARS_EXPORT_MAX_ROWS).toBe(
      500_000,
    );
    expect(problemOf({ BARS_EXPORT_MAX_ROWS: '0' })).toBe(
      'invalid configuration: BARS_EXPORT_MAX_ROWS must not be less than 1 (got "0")',
    );
    expect(problemOf({ BARS_EXPORT_MAX_ROWS: 'lots' })).toBe(
      'invalid configuration: BARS_EXPORT_MAX_ROWS must be an integer (got "lots")',
    );
  });
});
