import { isValidDate } from '../calendar/eastern-time';
import { RateLimit } from '../control/rate-limiter';

export interface AlpacaKey {
  keyId: string;
  secret: string;
}

export interface SimOptions {
  host: string;
  /** 0 picks a free port. */
  port: number;
  seed: number;
  /** Regular tickers: the 100 defaults first, then generated ones. */
  count: number;
  /** Explicit symbol list (replaces count). */
  symbols?: string[];
  polygonKeys: string[];
  alpacaKeys: AlpacaKey[];
  polygonRate: RateLimit;
  alpacaRate: RateLimit;
  /** Simulated today (YYYY-MM-DD); absent = the real date in New York. */
  today?: string;
}

export const DEFAULT_POLYGON_KEY = 'sim-polygon-key';
export const DEFAULT_ALPACA_KEY: AlpacaKey = { keyId: 'sim-alpaca-key', secret: 'sim-alpaca-secret' };

export function defaultOptions(): SimOptions {
  return {
    host: '127.0.0.1',
    port: 4010,
    seed: 42,
    count: 5000,
    polygonKeys: [DEFAULT_POLYGON_KEY],
    alpacaKeys: [{ ...DEFAULT_ALPACA_KEY }],
    polygonRate: { limit: 5, windowMs: 60_000 },
    alpacaRate: { limit: 200, windowMs: 60_000 },
  };
}

const FLAGS: Record<string, string> = {
  '--host': 'SIM_HOST',
  '--port': 'SIM_PORT',
  '--seed': 'SIM_SEED',
  '--symbols': 'SIM_SYMBOLS',
  '--polygon-keys': 'SIM_POLYGON_KEYS',
  '--alpaca-keys': 'SIM_ALPACA_KEYS',
  '--polygon-rate-limit': 'SIM_POLYGON_RATE_LIMIT',
  '--alpaca-rate-limit': 'SIM_ALPACA_RATE_LIMIT',
  '--rate-window-ms': 'SIM_RATE_WINDOW_MS',
  '--today': 'SIM_TODAY',
};

function integer(value: string, flag: string, min: number, max: number): number {
  if (!/^\d+$/.test(value) || Number(value) < min || Number(value) > max) {
    throw new Error(`${flag} must be an integer between ${min} and ${max}, got "${value}"`);
  }
  return Number(value);
}

function list(value: string, flag: string): string[] {
  const items = value
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  if (items.length === 0) throw new Error(`${flag} must be a non-empty comma-separated list`);
  return items;
}

/** Reads flags (`--name value` or `--name=value`), falling back to SIM_* environment variables. */
export function parseOptions(argv: string[], env: NodeJS.ProcessEnv): SimOptions {
  const given = new Map<string, string>();
  for (const [flag, name] of Object.entries(FLAGS))
    if (env[name] !== undefined && env[name] !== '') given.set(flag, env[name] as string);
  for (let i = 0; i < argv.length; i++) {
    const [flag, inline] = argv[i].split(/=(.*)/s, 2);
    if (!(flag in FLAGS)) throw new Error(`unknown option ${argv[i]} (known: ${Object.keys(FLAGS).join(' ')})`);
    const value = inline ?? argv[++i];
    if (value === undefined) throw new Error(`${flag} needs a value`);
    given.set(flag, value);
  }
  const o = defaultOptions();
  for (const [flag, value] of given) {
    switch (flag) {
      case '--host':
        o.host = value;
        break;
      case '--port':
        o.port = integer(value, flag, 0, 65535);
        break;
      case '--seed':
        o.seed = integer(value, flag, 0, 2 ** 32 - 1);
        break;
      case '--symbols':
        if (/^\d+$/.test(value)) o.count = integer(value, flag, 1, 100_000);
        // Spelled as given: Polygon's tickers are case-sensitive (KIMpL is a preferred share, KIMPL another ticker).
        else o.symbols = list(value, flag);
        break;
      case '--polygon-keys':
        o.polygonKeys = list(value, flag);
        break;
      case '--alpaca-keys':
        o.alpacaKeys = list(value, flag).map((pair) => {
          const [keyId, secret] = pair.split(':');
          if (!keyId || !secret) throw new Error(`${flag} entries must be KEY_ID:SECRET, got "${pair}"`);
          return { keyId, secret };
        });
        break;
      case '--polygon-rate-limit':
        o.polygonRate.limit = integer(value, flag, 0, 1_000_000);
        break;
      case '--alpaca-rate-limit':
        o.alpacaRate.limit = integer(value, flag, 0, 1_000_000);
        break;
      case '--rate-window-ms': {
        const ms = integer(value, flag, 1, 86_400_000);
        o.polygonRate.windowMs = ms;
        o.alpacaRate.windowMs = ms;
        break;
      }
      case '--today':
        if (!isValidDate(value)) throw new Error(`${flag} must be a date YYYY-MM-DD, got "${value}"`);
        o.today = value;
        break;
    }
  }
  return o;
}
