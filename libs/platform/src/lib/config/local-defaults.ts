import { existsSync, readFileSync } from 'node:fs';
import { isAbsolute, resolve } from 'node:path';

/**
 * The local system's defaults (scripts/local-defaults.env), which `npm start`
 * uses too: the operator tools run from a fresh shell against what it
 * started. LOCAL_DEFAULTS_FILE points at another file (tests).
 */
export const LOCAL_DEFAULTS_PATH = 'scripts/local-defaults.env';

const REPO_ROOT = resolve(__dirname, '../../../../..');

export type ProviderName = 'polygon' | 'alpaca';

/**
 * A provider's variables, and the simulator default of each key or setting (`simDefaults`: a simulated
 * Polygon's budget window is a second, as npm start runs it). `alsoUrls` are its other hosts (Alpaca's
 * market data, ALPACA_DATA_BASE_URL): pointed at the simulator with `url` when unset, since it serves them all.
 */
const PROVIDER_VARIABLES: Record<
  ProviderName,
  { url: string; alsoUrls?: readonly string[]; simDefaults: readonly [variable: string, simDefault: string][] }
> = {
  polygon: {
    url: 'POLYGON_BASE_URL',
    simDefaults: [
      ['POLYGON_API_KEY', 'SIM_POLYGON_API_KEY'],
      ['POLYGON_RATE_WINDOW_MS', 'SIM_POLYGON_RATE_WINDOW_MS'],
    ],
  },
  alpaca: {
    url: 'ALPACA_BASE_URL',
    alsoUrls: ['ALPACA_DATA_BASE_URL'],
    simDefaults: [
      ['ALPACA_API_KEY', 'SIM_ALPACA_API_KEY'],
      ['ALPACA_SECRET_KEY', 'SIM_ALPACA_SECRET_KEY'],
    ],
  },
};

export interface LocalDefaultsRequest {
  /**
   * Variables taken from the file when unset, e.g. DATABASE_URL. A secret has
   * no value there but NAME_FILE, a file (relative to the repository) that
   * `npm start` writes, e.g. INTERNAL_API_TOKEN_FILE=.local/internal-api-token.
   */
  readonly variables: readonly string[];
  /** Providers pointed at the simulator when their *_BASE_URL is unset. */
  readonly providers?: readonly ProviderName[];
}

export interface WithLocalDefaults {
  /** The environment with the defaults filled in. */
  readonly env: NodeJS.ProcessEnv;
  /** One line saying what came from where: the simulator or the real providers, and which defaults were used. */
  readonly summary: string;
}

/** NAME=value lines; blank lines and # comments are skipped. */
export function readLocalDefaults(env: NodeJS.ProcessEnv = process.env): Record<string, string> {
  const file = env['LOCAL_DEFAULTS_FILE'] || resolve(REPO_ROOT, LOCAL_DEFAULTS_PATH);
  const values: Record<string, string> = {};
  for (const line of readFileSync(file, 'utf8').split('\n')) {
    const match = /^([A-Z][A-Z0-9_]*)=(.*)$/.exec(line.trim());
    if (match) values[match[1]] = match[2].trim();
  }
  return values;
}

const isSet = (env: NodeJS.ProcessEnv, name: string) => (env[name] ?? '').trim() !== '';

interface Used {
  readonly name: string;
  readonly text: string;
}

/** The first line of a secret file npm start wrote; undefined when there is none (npm start has not run). */
function readSecretFile(path: string): string | undefined {
  const file = isAbsolute(path) ? path : resolve(REPO_ROOT, path);
  if (!existsSync(file)) return undefined;
  const value = readFileSync(file, 'utf8').split('\n')[0].trim();
  return value === '' ? undefined : value;
}

/**
 * Fills in what is unset the way scripts/start-local.sh does: the listed
 * variables from the file, and for a provider without *_BASE_URL the
 * simulator's URL and (unless set) its keys and settings. What is set is never changed.
 */
export function withLocalDefaults(env: NodeJS.ProcessEnv, request: LocalDefaultsRequest): WithLocalDefaults {
  const defaults = readLocalDefaults(env);
  const filled: NodeJS.ProcessEnv = { ...env };
  const used: Used[] = [];
  for (const name of request.variables) {
    if (isSet(env, name)) continue;
    if (defaults[name] !== undefined) {
      filled[name] = defaults[name];
      used.push({ name, text: `${name}=${defaults[name]}` });
      continue;
    }
    const secretFile = defaults[`${name}_FILE`];
    const value = secretFile === undefined ? undefined : readSecretFile(secretFile);
    if (value !== undefined) {
      filled[name] = value;
      // The value is a secret: the summary names its file, never the value.
      used.push({ name, text: `${name} from ${secretFile}` });
    }
  }
  const simUrl = `http://127.0.0.1:${defaults['SIM_PORT']}`;
  const providers = (request.providers ?? []).map((provider: ProviderName) => {
    const { url, alsoUrls = [], simDefaults } = PROVIDER_VARIABLES[provider];
    if (isSet(env, url)) return { provider, simulator: false, text: `${provider} at ${env[url]}` };
    filled[url] = simUrl;
    for (const other of alsoUrls) if (!isSet(env, other)) filled[other] = simUrl;
    for (const [variable, simDefault] of simDefaults)
      if (!isSet(env, variable) && defaults[simDefault] !== undefined) filled[variable] = defaults[simDefault];
    return { provider, simulator: true, text: `${provider} on the simulator at ${simUrl} (${url} not set)` };
  });
  return { env: filled, summary: summaryOf(providers, simUrl, used, request.variables) };
}

function summaryOf(
  providers: { provider: ProviderName; simulator: boolean; text: string }[],
  simUrl: string,
  used: Used[],
  variables: readonly string[],
): string {
  const parts: string[] = [];
  if (providers.length > 0 && providers.every((p) => p.simulator)) {
    const urls = providers.map((p) => PROVIDER_VARIABLES[p.provider].url).join(' or ');
    parts.push(
      `the provider simulator at ${simUrl} for ${providers.map((p) => p.provider).join(' and ')} (no ${urls} set; simulator keys unless keys are set)`,
    );
  } else if (providers.length > 0 && providers.every((p) => !p.simulator)) {
    parts.push(`the real providers: ${providers.map((p) => p.text).join(', ')}`);
  } else if (providers.length > 0) {
    parts.push(providers.map((p) => (p.simulator ? p.text : `the real ${p.text}`)).join(', '));
  }
  const defaulted = new Set(used.map((u) => u.name));
  const fromEnvironment = variables.filter((name) => !defaulted.has(name));
  if (used.length > 0) parts.push(`local defaults ${used.map((u) => u.text).join(', ')}`);
  if (fromEnvironment.length > 0) parts.push(`${fromEnvironment.join(', ')} from the environment`);
  const source =
    used.length > 0 || providers.some((p) => p.simulator) ? ` (defaults: ${LOCAL_DEFAULTS_PATH}, as npm start)` : '';
  return `using ${parts.join('; ')}${source}`;
}
