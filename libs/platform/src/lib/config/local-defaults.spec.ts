import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readLocalDefaults, withLocalDefaults } from './local-defaults';

describe('local defaults', () => {
  let dir: string;
  let file: string;

  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'mdi-local-defaults-'));
    file = join(dir, 'local.env');
    writeFileSync(
      file,
      '# comment\n\nDATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres\nREDIS_URL=redis://127.0.0.1:6379\nSIM_PORT=4999\n' +
        'SIM_POLYGON_API_KEY=sim-p\nSIM_ALPACA_API_KEY=sim-a\nSIM_ALPACA_SECRET_KEY=sim-s\nSIM_POLYGON_RATE_WINDOW_MS=1000\n',
    );
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('reads the committed file npm start uses, with every value the tools need', () => {
    expect(readLocalDefaults({})).toEqual({
      DATABASE_URL: 'postgres://postgres@127.0.0.1:5432/postgres',
      REDIS_URL: 'redis://127.0.0.1:6379',
      SIM_PORT: '4010',
      SIM_POLYGON_API_KEY: 'sim-polygon-key',
      SIM_ALPACA_API_KEY: 'sim-alpaca-key',
      SIM_ALPACA_SECRET_KEY: 'sim-alpaca-secret',
      SIM_POLYGON_RATE_WINDOW_MS: '1000',
      INTERNAL_API_TOKEN_FILE: '.local/internal-api-token',
      GATEWAY_ADMIN_TOKEN_FILE: '.local/gateway-admin-token',
    });
  });

  it('takes an unset secret from the file named by NAME_FILE, naming the file but never the value', () => {
    const tokenFile = join(dir, 'internal-api-token');
    writeFileSync(tokenFile, 'local-internal-token-0123456789\n');
    const secrets = join(dir, 'secrets.env');
    writeFileSync(
      secrets,
      `INTERNAL_API_TOKEN_FILE=${tokenFile}\nGATEWAY_ADMIN_TOKEN_FILE=${join(dir, 'not-written-yet')}\n`,
    );
    const { env, summary } = withLocalDefaults(
      { LOCAL_DEFAULTS_FILE: secrets },
      { variables: ['INTERNAL_API_TOKEN', 'GATEWAY_ADMIN_TOKEN'] },
    );
    expect(env['INTERNAL_API_TOKEN']).toBe('local-internal-token-0123456789');
    expect(env['GATEWAY_ADMIN_TOKEN']).toBeUndefined();
    expect(summary).toBe(
      `using local defaults INTERNAL_API_TOKEN from ${tokenFile}; GATEWAY_ADMIN_TOKEN from the environment (defaults: scripts/local-defaults.env, as npm start)`,
    );
    expect(summary).not.toContain('local-internal-token');
    const set = withLocalDefaults(
      { LOCAL_DEFAULTS_FILE: secrets, INTERNAL_API_TOKEN: 'mine-0123456789abcdef' },
      { variables: ['INTERNAL_API_TOKEN'] },
    );
    expect(set.env['INTERNAL_API_TOKEN']).toBe('mine-0123456789abcdef');
  });

  it('with nothing set: the simulator for both providers with its keys, and the local database and Redis', () => {
    const { env, summary } = withLocalDefaults(
      { LOCAL_DEFAULTS_FILE: file },
      { variables: ['REDIS_URL'], providers: ['polygon', 'alpaca'] },
    );
    expect(env).toMatchObject({
      REDIS_URL: 'redis://127.0.0.1:6379',
      POLYGON_BASE_URL: 'http://127.0.0.1:4999',
      POLYGON_API_KEY: 'sim-p',
      POLYGON_RATE_WINDOW_MS: '1000',
      ALPACA_BASE_URL: 'http://127.0.0.1:4999',
      ALPACA_API_KEY: 'sim-a',
      ALPACA_SECRET_KEY: 'sim-s',
    });
    expect(summary).toBe(
      'using the provider simulator at http://127.0.0.1:4999 for polygon and alpaca (no POLYGON_BASE_URL or ALPACA_BASE_URL set; simulator keys unless keys are set); ' +
        'local defaults REDIS_URL=redis://127.0.0.1:6379 (defaults: scripts/local-defaults.env, as npm start)',
    );
  });

  it('never changes what is set: real provider URLs keep their keys (none invented), set variables stay', () => {
    const given = {
      LOCAL_DEFAULTS_FILE: file,
      REDIS_URL: 'redis://cache:6379',
      POLYGON_BASE_URL: 'https://api.massive.com',
      ALPACA_BASE_URL: 'https://paper-api.alpaca.markets',
      ALPACA_API_KEY: 'AKREAL',
    };
    const { env, summary } = withLocalDefaults(given, { variables: ['REDIS_URL'], providers: ['polygon', 'alpaca'] });
    expect(env).toEqual(given);
    expect(summary).toBe(
      'using the real providers: polygon at https://api.massive.com, alpaca at https://paper-api.alpaca.markets; REDIS_URL from the environment',
    );
  });

  it('points only the provider without a URL at the simulator, keeping keys that are set', () => {
    const { env, summary } = withLocalDefaults(
      { LOCAL_DEFAULTS_FILE: file, POLYGON_BASE_URL: 'https://api.polygon.io', ALPACA_API_KEY: 'AKMINE' },
      { variables: ['DATABASE_URL'], providers: ['polygon', 'alpaca'] },
    );
    expect(env).toMatchObject({
      POLYGON_BASE_URL: 'https://api.polygon.io',
      ALPACA_BASE_URL: 'http://127.0.0.1:4999',
      ALPACA_API_KEY: 'AKMINE',
      ALPACA_SECRET_KEY: 'sim-s',
    });
    expect(env['POLYGON_API_KEY']).toBeUndefined();
    // A real Polygon keeps its real budget window.
    expect(env['POLYGON_RATE_WINDOW_MS']).toBeUndefined();
    expect(summary).toBe(
      'using the real polygon at https://api.polygon.io, alpaca on the simulator at http://127.0.0.1:4999 (ALPACA_BASE_URL not set); ' +
        'local defaults DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres (defaults: scripts/local-defaults.env, as npm start)',
    );
  });
});
