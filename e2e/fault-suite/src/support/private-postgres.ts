import { execFileSync, spawnSync, type SpawnSyncOptions } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import { freePort } from './free-port';
import { onProcessExit } from './last-resort';
import { waitFor } from './wait-for';

export interface PrivatePostgres {
  readonly port: number;
  /** postgres://postgres@127.0.0.1:<port>/postgres (trust auth: no password to leak or scan for). */
  readonly url: string;
  /** Fast shutdown: every session is cut and new connections are refused until start(). */
  stop(): Promise<void>;
  /** Starts the same cluster again on the same port (a no-op while it runs); resolves once it accepts connections. */
  start(): Promise<void>;
  /** Stops the server (if running) and deletes its data directory. */
  remove(): Promise<void>;
  /** The server's own log, for a failure message. */
  log(): string;
}

/** The newest PostgreSQL server binaries installed (Debian's /usr/lib/postgresql/<major>/bin). */
function binDir(): string {
  const root = '/usr/lib/postgresql';
  const majors = existsSync(root)
    ? readdirSync(root)
        .filter((name) => /^\d+$/.test(name))
        .sort((a, b) => Number(b) - Number(a))
    : [];
  for (const major of majors) if (existsSync(join(root, major, 'bin', 'pg_ctl'))) return join(root, major, 'bin');
  throw new Error('no PostgreSQL server binaries under /usr/lib/postgresql/*/bin (initdb, pg_ctl)');
}

/** initdb and postgres refuse to run as root: as root, they run as the `postgres` system user. */
function runAs(): Pick<SpawnSyncOptions, 'uid' | 'gid'> {
  if (process.getuid?.() !== 0) return {};
  const uid = Number(execFileSync('id', ['-u', 'postgres']).toString().trim());
  const gid = Number(execFileSync('id', ['-g', 'postgres']).toString().trim());
  return { uid, gid };
}

function run(bin: string, args: string[], user: Pick<SpawnSyncOptions, 'uid' | 'gid'>): void {
  const result = spawnSync(bin, args, {
    ...user,
    encoding: 'utf8',
    timeout: 60_000,
    env: { PATH: process.env['PATH'] ?? '', LC_ALL: 'C' },
  });
  if (result.status !== 0)
    throw new Error(
      `${bin} ${args.join(' ')} exited ${result.status ?? result.signal}: ${result.stderr}${result.stdout}`,
    );
}

async function accepts(url: string): Promise<boolean> {
  const client = new Client({ connectionString: url, connectionTimeoutMillis: 1000 });
  try {
    await client.connect();
    await client.query('SELECT 1');
    return true;
  } catch {
    return false;
  } finally {
    await client.end().catch(() => undefined);
  }
}

/**
 * A PostgreSQL cluster of the suite's own: a temporary data directory, a free
 * loopback port, its unix socket inside that directory, trust auth. Never the
 * machine's shared server on 5432, which other engineers' tests use.
 */
export async function startPrivatePostgres(): Promise<PrivatePostgres> {
  const bin = binDir();
  const user = runAs();
  const dir = mkdtempSync(join(tmpdir(), 'mdi-fault-pg-'));
  if (user.uid !== undefined) chownSync(dir, user.uid, user.gid ?? user.uid);
  const data = join(dir, 'data');
  const logFile = join(dir, 'server.log');
  const port = await freePort();
  const url = `postgres://postgres@127.0.0.1:${port}/postgres`;
  // pg_ctl starts the server detached: without this it would outlive a crashed test process.
  const forget = onProcessExit(() => {
    spawnSync(join(bin, 'pg_ctl'), ['stop', '-m', 'immediate', '-D', data], { ...user, timeout: 10_000 });
    rmSync(dir, { recursive: true, force: true });
  });
  // fsync off: a test cluster; its durability across a host crash does not matter, its speed does.
  const options = `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200`;
  let running = false;

  const start = async () => {
    if (running) return;
    run(join(bin, 'pg_ctl'), ['start', '-w', '-t', '60', '-D', data, '-l', logFile, '-o', options], user);
    running = true;
    await waitFor(`private PostgreSQL on ${port} to accept connections`, 30_000, () => accepts(url));
  };
  const stop = async () => {
    if (!running) return;
    run(join(bin, 'pg_ctl'), ['stop', '-w', '-t', '60', '-m', 'fast', '-D', data], user);
    running = false;
  };

  try {
    run(join(bin, 'initdb'), ['-D', data, '-U', 'postgres', '--auth=trust', '--no-sync', '-E', 'UTF8'], user);
    await start();
  } catch (error) {
    const serverLog = existsSync(logFile) ? readFileSync(logFile, 'utf8').slice(-2000) : '';
    await stop().catch(() => undefined);
    rmSync(dir, { recursive: true, force: true });
    forget();
    throw new Error(`${(error as Error).message}\n${serverLog}`);
  }
  return {
    port,
    url,
    start,
    stop,
    async remove() {
      try {
        await stop();
      } catch {
        // pg_ctl failed to stop it: the immediate mode below does not wait for sessions
        spawnSync(join(bin, 'pg_ctl'), ['stop', '-m', 'immediate', '-D', data], { ...user, timeout: 30_000 });
      }
      rmSync(dir, { recursive: true, force: true });
      forget();
    },
    log: () => (existsSync(logFile) ? readFileSync(logFile, 'utf8') : ''),
  };
}
