import { startProviderSimulator } from '@mdi/testing';
import type { ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { resolve } from 'node:path';

export const WORKSPACE_ROOT = resolve(__dirname, '../../../..');

export interface SimulatorOptions {
  readonly polygonRateLimit?: number;
  readonly alpacaRateLimit?: number;
  readonly rateWindowMs?: number;
  readonly symbols?: number;
  readonly today?: string;
}

export interface SimulatorProcess {
  readonly url: string;
  /** Fresh random keys per run, so a search for them in logs cannot match by accident. */
  readonly polygonKey: string;
  readonly alpacaKeyId: string;
  readonly alpacaSecret: string;
  control<T = any>(method: 'GET' | 'POST' | 'DELETE', path: string, body?: unknown): Promise<T>; // eslint-disable-line @typescript-eslint/no-explicit-any
  close(): Promise<void>;
}

/** The real simulator (via @mdi/testing's startProviderSimulator) with unique keys and rate limits off unless asked. */
export async function startSimulatorProcess(options: SimulatorOptions = {}): Promise<SimulatorProcess> {
  const polygonKey = `pk_${randomBytes(12).toString('hex')}`;
  const alpacaKeyId = `AK${randomBytes(8).toString('hex').toUpperCase()}`;
  const alpacaSecret = `sk_${randomBytes(16).toString('hex')}`;
  const sim = await startProviderSimulator({
    today: options.today ?? '2026-11-25',
    symbols: options.symbols ?? 150,
    polygonKeys: [polygonKey],
    alpacaKeys: [{ keyId: alpacaKeyId, secret: alpacaSecret }],
    polygonRateLimit: options.polygonRateLimit ?? 0,
    alpacaRateLimit: options.alpacaRateLimit ?? 0,
    rateWindowMs: options.rateWindowMs ?? 60_000,
  });
  return {
    url: sim.url,
    polygonKey,
    alpacaKeyId,
    alpacaSecret,
    async control(method, path, body) {
      const response = await fetch(`${sim.url}${path}`, {
        method,
        ...(body === undefined ? {} : { body: JSON.stringify(body), headers: { 'Content-Type': 'application/json' } }),
      });
      const text = await response.text();
      if (!response.ok) throw new Error(`simulator ${method} ${path}: HTTP ${response.status} ${text}`);
      return JSON.parse(text);
    },
    close: () => sim.stop(),
  };
}

export function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolvePromise) => {
    child.once('exit', () => resolvePromise());
    child.kill('SIGTERM');
  });
}
