/** The machine a benchmark run measured on, for the header of bench/RESULTS.md. */
import { execFileSync } from 'node:child_process';
import { cpus, release, totalmem, type as osType } from 'node:os';
import { Client } from 'pg';

export interface Machine {
  readonly cpu: string;
  readonly memory: string;
  readonly os: string;
  readonly node: string;
  readonly postgres: string;
  readonly redis: string;
  readonly commit: string;
}

const quiet = (command: string, args: readonly string[]) => {
  try {
    return execFileSync(command, args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
  } catch {
    return null;
  }
};

async function postgresVersion(): Promise<string> {
  const client = new Client({
    connectionString: process.env['TEST_DATABASE_ADMIN_URL'] || 'postgres://postgres@127.0.0.1:5432/postgres',
  });
  try {
    await client.connect();
    return String((await client.query('SHOW server_version')).rows[0].server_version);
  } catch (error) {
    return `not reachable (${(error as Error).message})`;
  } finally {
    await client.end().catch(() => undefined);
  }
}

export async function describeMachine(): Promise<Machine> {
  const processors = cpus();
  const redisInfo = quiet('redis-cli', ['-h', '127.0.0.1', '-p', '6379', 'INFO', 'server']);
  const dirty = quiet('git', ['status', '--porcelain', '--untracked-files=no']);
  return {
    cpu: `${processors.length} x ${processors[0]?.model.trim() ?? 'unknown'}`,
    memory: `${(totalmem() / 2 ** 30).toFixed(1)} GiB`,
    os: `${osType()} ${release()}`,
    node: process.version,
    postgres: await postgresVersion(),
    redis: /redis_version:(\S+)/.exec(redisInfo ?? '')?.[1] ?? 'unknown (redis-cli INFO failed)',
    commit: `${quiet('git', ['rev-parse', '--short', 'HEAD']) ?? 'unknown'}${dirty ? ' with uncommitted changes' : ''}`,
  };
}
