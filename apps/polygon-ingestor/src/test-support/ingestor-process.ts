import { TEST_SERVICE_TOKEN } from '@mdi/testing';
import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { resolve } from 'node:path';

const REPO_ROOT = resolve(__dirname, '../../../..');

/** Lets plain Node load the ESM-only Polygon SDK from source (libs/providers/README.md, "ESM-only Polygon SDK"). */
export const POLYGON_ESM_HOOK = './libs/providers/src/bin/polygon-esm-resolution.ts';

export interface IngestorProcess {
  readonly url: string;
  readonly child: ChildProcess;
  output(): string;
  /** SIGKILL: no shutdown hook runs, exactly like a node dying. */
  kill(): Promise<void>;
  stop(): Promise<void>;
}

export async function freePort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolvePort(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

/** The real entry point as its own process (node -r @swc-node/register -r <POLYGON_ESM_HOOK> apps/polygon-ingestor/src/main.ts). */
export async function startIngestorProcess(env: Record<string, string>): Promise<IngestorProcess> {
  const port = await freePort();
  const child = spawn(process.execPath, ['-r', '@swc-node/register', '-r', POLYGON_ESM_HOOK, 'apps/polygon-ingestor/src/main.ts'], {
    cwd: REPO_ROOT,
    // warn: the specs read the process's warnings and errors; info lines would only fill the buffer.
    env: { PATH: process.env['PATH'] ?? '', SWC_NODE_PROJECT: 'tsconfig.base.json', ...env, PORT: String(port), LOG_LEVEL: 'warn' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<void>((done) => child.once('exit', () => done()));
  await new Promise<void>((ready, reject) => {
    const timer = setTimeout(() => reject(new Error(`ingestor did not start within 60 s: ${output.slice(-2000)}`)), 60_000);
    const check = setInterval(() => {
      fetch(`http://127.0.0.1:${port}/health/live`).then(
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
      reject(new Error(`ingestor exited with ${code}: ${output.slice(-2000)}`));
    });
  });
  const stopWith = async (signal: NodeJS.Signals) => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    child.kill(signal);
    const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
    await exited;
    clearTimeout(timer);
  };
  return { url: `http://127.0.0.1:${port}`, child, output: () => output, kill: () => stopWith('SIGKILL'), stop: () => stopWith('SIGTERM') };
}

/** JSON over HTTP with the test service token (ingestorEnv's INTERNAL_API_TOKEN). */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function httpJson(method: string, url: string, body?: unknown): Promise<{ status: number; body: any }> {
  const headers: Record<string, string> = { authorization: `Bearer ${TEST_SERVICE_TOKEN}` };
  if (body !== undefined) headers['content-type'] = 'application/json';
  const response = await fetch(url, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
  const text = await response.text();
  return { status: response.status, body: text ? JSON.parse(text) : null };
}
