import { ConfigError, loadConfig } from '@mdi/platform';
import { ConnectivityConfig } from './connectivity.config';

const env = {
  POLYGON_API_KEY: 'pk_12345678',
  POLYGON_BASE_URL: 'https://api.massive.com',
  ALPACA_API_KEY: 'AK12345678',
  ALPACA_SECRET_KEY: 'sk_12345678',
  ALPACA_BASE_URL: 'https://paper-api.alpaca.markets',
  REDIS_URL: 'redis://127.0.0.1:6379',
};

describe('ConnectivityConfig', () => {
  it('accepts Polygon under its api.massive.com name', () => {
    expect(loadConfig(ConnectivityConfig, env).POLYGON_BASE_URL).toBe('https://api.massive.com');
  });

  it('has no URL or Redis of its own: unset ones are named (the command fills them from the local defaults first)', () => {
    try {
      loadConfig(ConnectivityConfig, { ...env, POLYGON_BASE_URL: undefined, REDIS_URL: undefined });
      throw new Error('expected a ConfigError');
    } catch (error) {
      expect((error as ConfigError).message).toBe(
        'invalid configuration: POLYGON_BASE_URL is required but not set; REDIS_URL is required but not set',
      );
    }
  });
});
