import { startServiceProcess } from '@mdi/testing';

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

/**
 * Starts apps/alpaca-monitor/src/main.ts as its own process (the way a
 * container runs it, from source with @swc-node/register) and resolves once
 * /health/live answers. The Polygon ESM hook is preloaded because the
 * providers lib imports the ESM-only Polygon SDK (libs/providers/README.md).
 * Logs at info unless env says otherwise: specs read its info lines.
 */
export async function startMonitorProcess(env: Record<string, string>): Promise<MonitorProcess> {
  const service = await startServiceProcess({
    entry: 'apps/alpaca-monitor/src/main.ts',
    preload: ['./libs/providers/src/bin/polygon-esm-resolution.ts'],
    env: { LOG_LEVEL: 'info', ...env },
  });
  const get = async (path: string) => {
    const response = await fetch(`${service.url}${path}`);
    const text = await response.text();
    let body: unknown = text;
    try {
      body = JSON.parse(text);
    } catch {
      // text answers (metrics) stay text
    }
    return { status: response.status, body };
  };
  return {
    url: service.url,
    pid: service.child.pid ?? -1,
    output: service.output,
    get,
    kill: service.kill,
    stop: service.stop,
  };
}
