import { spawn, type ChildProcess } from 'node:child_process';
import { Redis } from 'ioredis';
import { freePort } from './free-port';
import { onProcessExit } from './last-resort';
import { waitFor } from './wait-for';

export interface PrivateRedis {
  readonly port: number;
  readonly url: string;
  /** SIGKILL: the server dies with everything it held (nothing is persisted). */
  kill(): Promise<void>;
  /** A new, empty server on the same port; resolves once it answers PING. */
  restartEmpty(): Promise<void>;
  /** Stops it for good (SIGTERM, then SIGKILL). */
  stop(): Promise<void>;
  output(): string;
}

async function answersPing(url: string): Promise<boolean> {
  const client = new Redis(url, {
    lazyConnect: true,
    maxRetriesPerRequest: 0,
    retryStrategy: () => null,
    connectTimeout: 1000,
  });
  try {
    await client.connect();
    return (await client.ping()) === 'PONG';
  } catch {
    return false;
  } finally {
    client.disconnect();
  }
}

/**
 * A Redis server of the suite's own on a free loopback port, with no
 * persistence, so a kill loses everything (the fault being simulated). Never
 * the machine's shared Redis on 6379.
 */
export async function startPrivateRedis(): Promise<PrivateRedis> {
  const port = await freePort();
  const url = `redis://127.0.0.1:${port}`;
  let child: ChildProcess | undefined;
  let output = '';

  const launch = async () => {
    const server = spawn(
      'redis-server',
      ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--protected-mode', 'no'],
      {
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    server.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
    server.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child = server;
    const forget = onProcessExit(() => server.kill('SIGKILL'));
    server.once('exit', forget);
    await waitFor(`private Redis on ${port} to answer PING`, 15_000, async () => {
      if (server.exitCode !== null) throw new Error(`redis-server exited ${server.exitCode}: ${output.slice(-1000)}`);
      return answersPing(url);
    });
  };
  const signal = async (name: NodeJS.Signals) => {
    const server = child;
    if (!server || server.exitCode !== null || server.signalCode !== null) return;
    const exited = new Promise<void>((resolve) => server.once('exit', () => resolve()));
    server.kill(name);
    const timer = setTimeout(() => server.kill('SIGKILL'), 5_000);
    await exited;
    clearTimeout(timer);
  };

  await launch();
  return {
    port,
    url,
    kill: () => signal('SIGKILL'),
    async restartEmpty() {
      await signal('SIGKILL');
      await launch();
    },
    stop: () => signal('SIGTERM'),
    output: () => output,
  };
}
