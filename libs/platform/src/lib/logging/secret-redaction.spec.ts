import { redactSecrets } from './secret-redaction';

describe('redactSecrets', () => {
  it('removes API keys from query strings', () => {
    expect(redactSecrets('GET http://h/v2/aggs?adjusted=false&apiKey=PK123456&x=1')).toBe(
      'GET http://h/v2/aggs?adjusted=false&apiKey=[redacted]&x=1',
    );
    expect(redactSecrets('/v3/reference/tickers?apikey=abc')).toBe('/v3/reference/tickers?apikey=[redacted]');
  });

  it('removes passwords from connection URLs', () => {
    expect(redactSecrets('connect postgres://app:hunter22@db:5432/mdi failed')).toBe(
      'connect postgres://app:[redacted]@db:5432/mdi failed',
    );
  });

  it('removes known secret values wherever they appear', () => {
    expect(redactSecrets('header was SECRETVALUE99 in body', ['SECRETVALUE99'])).toBe('header was [redacted] in body');
  });

  it('leaves short known values alone to avoid mangling ordinary words', () => {
    expect(redactSecrets('the cat', ['cat'])).toBe('the cat');
  });
});
