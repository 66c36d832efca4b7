import { spawn } from 'node:child_process';
import { repoRoot } from './repo-root';

/** Applies the storage migrations exactly as `npm run db:migrate` does (libs/storage/src/bin/migrate.ts). */
export async function migrate(databaseUrl: string): Promise<void> {
  const child = spawn(process.execPath, ['-r', '@swc-node/register', 'libs/storage/src/bin/migrate.ts'], {
    cwd: repoRoot(),
    env: { PATH: process.env['PATH'] ?? '', SWC_NODE_PROJECT: 'tsconfig.base.json', DATABASE_URL: databaseUrl },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
  if (code !== 0) throw new Error(`db:migrate exited ${code}: ${output}`);
}
