import { ChildProcess, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';

/** Start-up flags of tools/provider-sim (see its README); unset ones take the simulator's defaults. */
export interface ProviderSimulatorOptions {
  seed?: number;
  /** A count of regular tickers (the 100 defaults first), or an explicit list. */
  symbols?: number | string[];
  polygonKeys?: string[];
  alpacaKeys?: Array<{ keyId: string; secret: string }>;
  /** Calls per window per Polygon key (default 5); 0 disables the limit. */
  polygonRateLimit?: number;
  /** Calls per window per Alpaca key (default 200); 0 disables the limit. */
  alpacaRateLimit?: number;
  /** Rate-limit window for both providers (default 60000). */
  rateWindowMs?: number;
  /** Simulated today, YYYY-MM-DD, frozen at 20:00 ET (default: the real date, real clock). */
  today?: string;
  /** How long to wait for the listening line (default 30 s). */
  startTimeoutMs?: number;
}

export interface ProviderSimulator {
  /** http://127.0.0.1:<port>: use as POLYGON_BASE_URL and ALPACA_BASE_URL. */
  readonly url: string;
  readonly port: number;
  readonly process: ChildProcess;
  /** GET /__sim/stats: calls per endpoint, key and status, in total and since the last reset. */
  stats(): Promise<SimulatorStats>;
  /** POST /__sim/reset: counters since reset, fault rules and rate windows (and the Alpaca ledger with {alpaca: true}). */
  reset(options?: { alpaca?: boolean }): Promise<void>;
  /** POST /__sim/config: {today?, now?, realTime?, rateLimit?: {polygon?, alpaca?, keys?}}. */
  configure(config: Record<string, unknown>): Promise<Record<string, unknown>>;
  /** POST /__sim/faults: appends fault rules (see the simulator's README). */
  faults(rules: Array<Record<string, unknown>>): Promise<void>;
  /** DELETE /__sim/faults. */
  clearFaults(): Promise<void>;
  /** POST /__sim/alpaca/fills: creates `count` new FILL activities; resolves to them. */
  addAlpacaFills(count: number, symbol?: string): Promise<Array<Record<string, unknown>>>;
  stop(): Promise<void>;
}

export interface SimulatorCounters {
  calls: number;
  byProvider: Record<string, number>;
  byEndpoint: Record<string, number>;
  byKey: Record<string, number>;
  byStatus: Record<string, number>;
  rateLimited: number;
  faults: Record<string, number>;
  /** When the simulator received each call (epoch ms), the latest 10,000. */
  arrivalsMs: number[];
}

export interface SimulatorStats {
  startedAt: string;
  resetAt: string;
  total: SimulatorCounters;
  sinceReset: SimulatorCounters;
}

const LISTENING = /^provider-sim listening on (http:\/\/[^\s]+:(\d+))$/m;

function repoRoot(): string {
  let dir = __dirname;
  while (!existsSync(join(dir, 'nx.json'))) {
    const parent = dirname(dir);
    if (parent === dir) throw new Error('provider-sim: cannot find the repository root (nx.json) above ' + __dirname);
    dir = parent;
  }
  return dir;
}

function flags(o: ProviderSimulatorOptions): string[] {
  const args = ['--port', '0'];
  const add = (flag: string, value: unknown) => {
    if (value !== undefined) args.push(flag, String(value));
  };
  add('--seed', o.seed);
  add('--symbols', Array.isArray(o.symbols) ? o.symbols.join(',') : o.symbols);
  add('--polygon-keys', o.polygonKeys?.join(','));
  add('--alpaca-keys', o.alpacaKeys?.map((k) => `${k.keyId}:${k.secret}`).join(','));
  add('--polygon-rate-limit', o.polygonRateLimit);
  add('--alpaca-rate-limit', o.alpacaRateLimit);
  add('--rate-window-ms', o.rateWindowMs);
  add('--today', o.today);
  return args;
}

async function call<T>(url: string, method: string, body?: unknown): Promise<T> {
  const res = await fetch(url, {
    method,
    body: body === undefined ? undefined : JSON.stringify(body),
    headers: body === undefined ? undefined : { 'Content-Type': 'application/json' },
  });
  const text = await res.text();
  if (!res.ok) throw new Error(`provider-sim ${method} ${url} answered ${res.status}: ${text}`);
  return JSON.parse(text) as T;
}

/**
 * Spawns the provider simulator from source (node -r @swc-node/register
 * tools/provider-sim/src/main.ts --port 0 ...), no build needed, and resolves
 * once it prints its listening line. Always call stop() (e.g. in afterAll).
 */
export function startProviderSimulator(options: ProviderSimulatorOptions = {}): Promise<ProviderSimulator> {
  const child = spawn(
    process.execPath,
    ['-r', '@swc-node/register', 'tools/provider-sim/src/main.ts', ...flags(options)],
    {
      cwd: repoRoot(),
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let stdout = '';
  let stderr = '';
  child.stderr?.on('data', (c: Buffer) => (stderr += c.toString()));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));

  const stop = async (): Promise<void> => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
    await exited;
    clearTimeout(timer);
  };

  return new Promise<ProviderSimulator>((resolve, reject) => {
    const timer = setTimeout(() => {
      void stop();
      reject(new Error(`provider-sim did not start within ${options.startTimeoutMs ?? 30_000} ms. stderr: ${stderr}`));
    }, options.startTimeoutMs ?? 30_000);
    child.once('exit', (code, signal) => {
      clearTimeout(timer);
      reject(new Error(`provider-sim exited (${code ?? signal}) before listening. stderr: ${stderr}`));
    });
    child.stdout?.on('data', (c: Buffer) => {
      stdout += c.toString();
      const m = LISTENING.exec(stdout);
      if (!m) return;
      clearTimeout(timer);
      child.stdout?.removeAllListeners('data');
      child.stdout?.resume();
      const url = m[1];
      resolve({
        url,
        port: Number(m[2]),
        process: child,
        stats: () => call<SimulatorStats>(`${url}/__sim/stats`, 'GET'),
        reset: async (o) => void (await call(`${url}/__sim/reset`, 'POST', o ?? {})),
        configure: (cfg) => call<Record<string, unknown>>(`${url}/__sim/config`, 'POST', cfg),
        faults: async (rules) => void (await call(`${url}/__sim/faults`, 'POST', rules)),
        clearFaults: async () => void (await call(`${url}/__sim/faults`, 'DELETE')),
        addAlpacaFills: async (count, symbol) =>
          (
            await call<{ fills: Array<Record<string, unknown>> }>(`${url}/__sim/alpaca/fills`, 'POST', {
              count,
              symbol,
            })
          ).fills,
        stop,
      });
    });
  });
}
