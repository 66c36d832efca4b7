import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createServer } from 'node:net';
import { dirname, join } from 'node:path';

export interface ServiceProcess {
  /** http://127.0.0.1:<port> */
  readonly url: string;
  readonly child: ChildProcess;
  output(): string;
  /** SIGKILL: no shutdown hook runs, the way a node dies. */
  kill(): Promise<void>;
  /** SIGTERM, then SIGKILL after 10 s. */
  stop(): Promise<void>;
}

export interface ServiceProcessOptions {
  /**
   * The entry point from the repository root: a source file (e.g. apps/quality-service/src/main.ts),
   * run with @swc-node/register, or a built bundle (dist/apps/<app>/main.js), run as it is deployed.
   */
  readonly entry: string;
  /** Extra `-r` modules after @swc-node/register (the polygon-ingestor's source needs its ESM hook). */
  readonly preload?: readonly string[];
  readonly env: Record<string, string>;
  readonly startTimeoutMs?: number;
}

function repoRoot(): string {
  let dir = __dirname;
  while (!existsSync(join(dir, 'nx.json'))) {
    const parent = dirname(dir);
    if (parent === dir) throw new Error(`cannot find the repository root (nx.json) above ${__dirname}`);
    dir = parent;
  }
  return dir;
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

/** `node` arguments before the entry: a source entry compiles with @swc-node/register, a bundle needs nothing. */
function preloadOf(options: Pick<ServiceProcessOptions, 'entry' | 'preload'>): string[] {
  if (!options.entry.endsWith('.ts')) return [];
  return ['@swc-node/register', ...(options.preload ?? [])].flatMap((module) => ['-r', module]);
}

/**
 * A service's real entry point as its own process, from source (node -r
 * @swc-node/register) or its bundle, on a free port; resolves once /health/live answers.
 * For tests of one project that need another app running (apps never
 * import each other). Always call stop().
 */
export async function startServiceProcess(options: ServiceProcessOptions): Promise<ServiceProcess> {
  const port = await freePort();
  const preload = preloadOf(options);
  const child = spawn(process.execPath, [...preload, options.entry], {
    cwd: repoRoot(),
    // warn: pino-http's request lines at info are not needed in tests.
    env: {
      PATH: process.env['PATH'] ?? '',
      SWC_NODE_PROJECT: 'tsconfig.base.json',
      LOG_LEVEL: 'warn',
      ...options.env,
      PORT: String(port),
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<void>((done) => child.once('exit', () => done()));
  const url = `http://127.0.0.1:${port}`;
  const timeoutMs = options.startTimeoutMs ?? 90_000;
  await new Promise<void>((ready, reject) => {
    const timer = setTimeout(() => {
      clearInterval(check);
      child.kill('SIGKILL');
      reject(new Error(`${options.entry} did not start within ${timeoutMs} ms: ${output.slice(-2000)}`));
    }, timeoutMs);
    const check = setInterval(() => {
      fetch(`${url}/health/live`).then(
        (response) => {
          if (!response.ok) return;
          clearInterval(check);
          clearTimeout(timer);
          ready();
        },
        () => undefined,
      );
    }, 250);
    child.once('exit', (code) => {
      clearInterval(check);
      clearTimeout(timer);
      reject(new Error(`${options.entry} exited with ${code}: ${output.slice(-2000)}`));
    });
  });
  const stopWith = async (signal: NodeJS.Signals) => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    child.kill(signal);
    const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
    await exited;
    clearTimeout(timer);
  };
  return { url, child, output: () => output, kill: () => stopWith('SIGKILL'), stop: () => stopWith('SIGTERM') };
}

/** How a service's entry point ended when it was run until it exited. */
export interface ServiceExit {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/**
 * A service's real entry point run from source until it exits, logging
 * nothing (LOG_LEVEL silent, unless `env` says otherwise): for start-up
 * refusals, whose one line goes to stderr. Gives up after 60 s.
 */
export function runServiceToExit(options: Omit<ServiceProcessOptions, 'startTimeoutMs'>): ServiceExit {
  const preload = preloadOf(options);
  const result = spawnSync(process.execPath, [...preload, options.entry], {
    cwd: repoRoot(),
    env: { PATH: process.env['PATH'], SWC_NODE_PROJECT: 'tsconfig.base.json', LOG_LEVEL: 'silent', ...options.env },
    encoding: 'utf8',
    timeout: 60_000,
  });
  return { code: result.status, stdout: result.stdout.trim(), stderr: result.stderr.trim() };
}
