import { spawn, type ChildProcess } from 'node:child_process';
import { stop, WORKSPACE_ROOT } from './simulator-process';

export interface WorkerProcess {
  readonly name: string;
  /** Everything it wrote to stdout and stderr so far (its pino logs). */
  output(): string;
  /** null while it runs, else its exit code (or the signal that ended it). */
  exitCode(): number | string | null;
  /** SIGKILL: no shutdown hook runs, the job it holds stays locked until the lock expires. */
  kill(): Promise<void>;
  stop(): Promise<void>;
}

/** Spawns one Polygon worker replica (polygon-worker.process.ts) and waits until it takes jobs. */
export async function startWorkerProcess(name: string, env: Record<string, string>): Promise<WorkerProcess> {
  const child: ChildProcess = spawn(
    process.execPath,
    ['-r', '@swc-node/register', 'libs/providers/src/test-support/polygon-worker.process.ts'],
    {
      cwd: WORKSPACE_ROOT,
      env: { PATH: process.env['PATH'] ?? '', SWC_NODE_PROJECT: 'tsconfig.base.json', WORKER_NAME: name, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`worker ${name} did not start: ${output}`)), 30_000);
    const check = setInterval(() => {
      if (output.includes(`worker ready ${name}`)) {
        clearTimeout(timer);
        clearInterval(check);
        resolve();
      }
    }, 50);
    child.once('exit', (code) => {
      clearTimeout(timer);
      clearInterval(check);
      reject(new Error(`worker ${name} exited with ${code}: ${output}`));
    });
  });
  const kill = () =>
    new Promise<void>((resolve) => {
      if (child.exitCode !== null || child.signalCode !== null) return resolve();
      child.once('exit', () => resolve());
      child.kill('SIGKILL');
    });
  return {
    name,
    output: () => output,
    exitCode: () => child.exitCode ?? child.signalCode,
    kill,
    stop: () => stop(child),
  };
}
