import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createServer } from 'node:net';
import { dirname, join } from 'node:path';

export interface MonitorProcess {
  readonly url: string;
  readonly pid: number;
  /** Everything it wrote so far (pino JSON lines at the configured level). */
  output(): string;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- JSON of any endpoint, asserted field by field
  get(path: string): Promise<{ status: number; body: any }>;
  /** SIGKILL: no shutdown hook runs, the way a node dies. */
  kill(): Promise<void>;
  /** SIGTERM and wait. */
  stop(): Promise<void>;
}

function repoRoot(): string {
  let dir = __dirname;
  while (!existsSync(join(dir, 'nx.json'))) dir = dirname(dir);
  return dir;
}

export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

/**
 * Starts apps/alpaca-monitor/src/main.ts as its own process (the way a
 * container runs it, from source with @swc-node/register) and resolves once
 * /health/live answers. The Polygon ESM hook is preloaded because the
 * providers lib imports the ESM-only Polygon SDK (libs/providers/README.md).
 */
export async function startMonitorProcess(env: Record<string, string>): Promise<MonitorProcess> {
  const port = await freePort();
  const child: ChildProcess = spawn(
    process.execPath,
    ['-r', '@swc-node/register', '-r', './libs/providers/src/bin/polygon-esm-resolution.ts', 'apps/alpaca-monitor/src/main.ts'],
    {
      cwd: repoRoot(),
      env: { PATH: process.env['PATH'] ?? '', SWC_NODE_PROJECT: 'tsconfig.base.json', ...env, PORT: String(port) },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const url = `http://127.0.0.1:${port}`;
  const get = async (path: string) => {
    const response = await fetch(`${url}${path}`);
    const text = await response.text();
    let body: unknown = text;
    try {
      body = JSON.parse(text);
    } catch {
      // text answers (metrics) stay text
    }
    return { status: response.status, body };
  };
  const deadline = Date.now() + 90_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`alpaca-monitor exited with ${child.exitCode}: ${output}`);
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`alpaca-monitor did not start within 90 s: ${output}`);
    }
    const live = await get('/health/live').catch(() => null);
    if (live?.status === 200) break;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  const signal = async (name: NodeJS.Signals) => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    child.kill(name);
    const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
    await exited;
    clearTimeout(timer);
  };
  return {
    url,
    pid: child.pid ?? -1,
    output: () => output,
    get,
    kill: () => signal('SIGKILL'),
    stop: () => signal('SIGTERM'),
  };
}
