import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { resolve } from 'node:path';

/*
 * Stand-in for @mdi/testing's startProviderSimulator until it lands: spawns
 * the real simulator (tools/provider-sim) as a process on a free port.
 */

export const WORKSPACE_ROOT = resolve(__dirname, '../../../..');

export interface SimulatorOptions {
  readonly polygonRateLimit?: number;
  readonly alpacaRateLimit?: number;
  readonly rateWindowMs?: number;
  readonly symbols?: string;
  readonly today?: string;
}

export interface SimulatorProcess {
  readonly url: string;
  readonly polygonKey: string;
  readonly alpacaKeyId: string;
  readonly alpacaSecret: string;
  control<T = any>(method: 'GET' | 'POST' | 'DELETE', path: string, body?: unknown): Promise<T>; // eslint-disable-line @typescript-eslint/no-explicit-any
  close(): Promise<void>;
}

export async function startSimulatorProcess(options: SimulatorOptions = {}): Promise<SimulatorProcess> {
  const polygonKey = `pk_${randomBytes(12).toString('hex')}`;
  const alpacaKeyId = `AK${randomBytes(8).toString('hex').toUpperCase()}`;
  const alpacaSecret = `sk_${randomBytes(16).toString('hex')}`;
  const args = [
    '-r', '@swc-node/register', 'tools/provider-sim/src/main.ts',
    '--port', '0',
    '--today', options.today ?? '2026-11-25',
    '--symbols', options.symbols ?? '150',
    '--polygon-keys', polygonKey,
    '--alpaca-keys', `${alpacaKeyId}:${alpacaSecret}`,
    '--polygon-rate-limit', String(options.polygonRateLimit ?? 0),
    '--alpaca-rate-limit', String(options.alpacaRateLimit ?? 0),
    '--rate-window-ms', String(options.rateWindowMs ?? 60_000),
  ];
  const child = spawn(process.execPath, args, {
    cwd: WORKSPACE_ROOT,
    env: { ...process.env, SWC_NODE_PROJECT: 'tsconfig.base.json' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const url = await listeningUrl(child);
  return {
    url,
    polygonKey,
    alpacaKeyId,
    alpacaSecret,
    async control(method, path, body) {
      const response = await fetch(`${url}${path}`, {
        method,
        ...(body === undefined ? {} : { body: JSON.stringify(body), headers: { 'Content-Type': 'application/json' } }),
      });
      const text = await response.text();
      if (!response.ok) throw new Error(`simulator ${method} ${path}: HTTP ${response.status} ${text}`);
      return JSON.parse(text);
    },
    close: () => stop(child),
  };
}

function listeningUrl(child: ChildProcess): Promise<string> {
  return new Promise((resolvePromise, reject) => {
    let output = '';
    const timer = setTimeout(() => reject(new Error(`simulator did not start: ${output}`)), 30_000);
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const match = /listening on (http:\/\/\S+)/.exec(output);
      if (match) {
        clearTimeout(timer);
        resolvePromise(match[1]);
      }
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`simulator exited with ${code}: ${output}`));
    });
  });
}

export function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolvePromise) => {
    child.once('exit', () => resolvePromise());
    child.kill('SIGTERM');
  });
}
