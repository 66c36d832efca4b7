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

describe('PolygonIngestorConfig: backfill sources', () => {
  const alpacaKeys = { ALPACA_API_KEY: 'sim-alpaca-key', ALPACA_SECRET_KEY: 'sim-alpaca-secret' };

  it('fills from Polygon with no secondary unless set, and needs no Alpaca key then', () => {
    const config = loadConfig(PolygonIngestorConfig, base);
    expect([config.HISTORICAL_DATA_SOURCE, config.BACKFILL_SECONDARY_SOURCE]).toEqual(['polygon', 'none']);
    expect(config.ALPACA_DATA_BASE_URL).toBe('https://data.alpaca.markets');
    expect(config.ALPACA_RATE_LIMIT_PER_MINUTE).toBe(160);
  });

  it('takes Alpaca as the primary or the secondary, with its key', () => {
    const config = loadConfig(PolygonIngestorConfig, {
      ...base,
      ...alpacaKeys,
      HISTORICAL_DATA_SOURCE: 'alpaca',
      BACKFILL_SECONDARY_SOURCE: 'polygon',
      ALPACA_DATA_BASE_URL: 'http://127.0.0.1:4010',
    });
    expect([config.HISTORICAL_DATA_SOURCE, config.BACKFILL_SECONDARY_SOURCE]).toEqual(['alpaca', 'polygon']);
    expect(
      loadConfig(PolygonIngestorConfig, { ...base, ...alpacaKeys, BACKFILL_SECONDARY_SOURCE: 'alpaca' }),
    ).toMatchObject({ HISTORICAL_DATA_SOURCE: 'polygon', BACKFILL_SECONDARY_SOURCE: 'alpaca' });
  });

  it.each([
    [{ HISTORICAL_DATA_SOURCE: 'yahoo' }, 'HISTORICAL_DATA_SOURCE must be one of polygon, alpaca (got "yahoo")'],
    [
      { BACKFILL_SECONDARY_SOURCE: 'iex' },
      'BACKFILL_SECONDARY_SOURCE must be one of none, polygon, alpaca (got "iex")',
    ],
    [
      { BACKFILL_SECONDARY_SOURCE: 'polygon' },
      'BACKFILL_SECONDARY_SOURCE must differ from HISTORICAL_DATA_SOURCE (use none for no secondary) (got "polygon")',
    ],
    [
      { HISTORICAL_DATA_SOURCE: 'alpaca' },
      'ALPACA_API_KEY is required but not set; ALPACA_SECRET_KEY is required but not set',
    ],
    [
      { BACKFILL_SECONDARY_SOURCE: 'alpaca', ALPACA_API_KEY: 'sim-alpaca-key' },
      'ALPACA_SECRET_KEY is required but not set',
    ],
    [
      { ...alpacaKeys, HISTORICAL_DATA_SOURCE: 'alpaca', ALPACA_DATA_BASE_URL: 'data.alpaca.markets' },
      'ALPACA_DATA_BASE_URL must be an http(s) origin such as https://data.alpaca.markets (got "data.alpaca.markets")',
    ],
    [{ ALPACA_RATE_LIMIT_PER_MINUTE: '201' }, 'ALPACA_RATE_LIMIT_PER_MINUTE must not be greater than 200 (got "201")'],
  ])('refuses %j naming the variable', (env, message) => {
    expect(problemOf(env as Record<string, string>)).toBe(`invalid configuration: ${message}`);
  });

  it('never echoes an Alpaca secret that is too short', () => {
    const message = problemOf({
      HISTORICAL_DATA_SOURCE: 'alpaca',
      ALPACA_API_KEY: 'sim-alpaca-key',
      ALPACA_SECRET_KEY: 'abc',
    });
    expect(message).toBe('invalid configuration: ALPACA_SECRET_KEY must be at least 8 characters');
    expect(message).not.toContain('abc');
  });
});
