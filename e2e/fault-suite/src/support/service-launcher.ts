import { spawn, type ChildProcess } from 'node:child_process';
import { onProcessExit } from './last-resort';
import { repoRoot } from './repo-root';
import { waitFor } from './wait-for';

/** Lets plain Node load the ESM-only Polygon SDK from source (libs/providers/README.md, "ESM-only Polygon SDK"). */
const POLYGON_ESM_HOOK = './libs/providers/src/bin/polygon-esm-resolution.ts';

export type ServiceName = 'polygon-ingestor' | 'alpaca-monitor' | 'quality-service' | 'gateway';

export interface ServiceInstance {
  readonly name: ServiceName;
  /** e.g. polygon-ingestor#2 */
  readonly label: string;
  readonly port: number;
  readonly url: string;
  /** Everything every incarnation wrote on stdout and stderr (for the secret scan and failure messages). */
  output(): string;
  running(): boolean;
  /** SIGKILL: no shutdown hook runs, the way a node dies. */
  kill(): Promise<void>;
  /** A new process on the same port (the gateway's URLs stay right); resolves once /health/live answers. */
  restart(): Promise<void>;
  /** SIGTERM, then SIGKILL after 10 s. */
  stop(): Promise<void>;
}

/**
 * A service's real entry point as its own process from source, on a port the
 * suite chose. Unlike @mdi/testing's startServiceProcess (a free port per
 * start), a restart keeps the port, which the gateway and the other replicas
 * were configured with.
 */
export async function launchService(
  name: ServiceName,
  label: string,
  port: number,
  env: Record<string, string>,
  startBoundMs = 120_000,
): Promise<ServiceInstance> {
  const url = `http://127.0.0.1:${port}`;
  let child: ChildProcess | undefined;
  let output = '';

  const alive = () => child !== undefined && child.exitCode === null && child.signalCode === null;
  const start = async () => {
    const process_ = spawn(
      process.execPath,
      ['-r', '@swc-node/register', '-r', POLYGON_ESM_HOOK, `apps/${name}/src/main.ts`],
      {
        cwd: repoRoot(),
        env: { PATH: process.env['PATH'] ?? '', SWC_NODE_PROJECT: 'tsconfig.base.json', ...env, PORT: String(port) },
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    child = process_;
    const forget = onProcessExit(() => process_.kill('SIGKILL'));
    process_.once('exit', forget);
    process_.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
    process_.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
    const exited = () => process_.exitCode !== null || process_.signalCode !== null;
    try {
      await waitFor(
        `${label} to answer /health/live on ${port}`,
        startBoundMs,
        async () => {
          if (exited()) return 'exited';
          const response = await fetch(`${url}/health/live`, { signal: AbortSignal.timeout(2000) });
          return response.ok && 'live';
        },
        250,
      );
    } catch (error) {
      process_.kill('SIGKILL');
      throw error;
    }
    if (exited())
      throw new Error(
        `${label} exited with ${process_.exitCode ?? process_.signalCode} before answering: ${output.slice(-2000)}`,
      );
  };
  const signal = async (name_: NodeJS.Signals) => {
    const current = child;
    if (!current || !alive()) return;
    const exited = new Promise<void>((resolve) => current.once('exit', () => resolve()));
    current.kill(name_);
    const timer = setTimeout(() => current.kill('SIGKILL'), 10_000);
    await exited;
    clearTimeout(timer);
  };

  await start();
  return {
    name,
    label,
    port,
    url,
    output: () => output,
    running: alive,
    kill: () => signal('SIGKILL'),
    async restart() {
      await signal('SIGKILL');
      await start();
    },
    stop: () => signal('SIGTERM'),
  };
}
