import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readlinkSync, rmSync, symlinkSync } from 'node:fs';
import { createServer, connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import { REPOSITORY_ROOT } from '../local-defaults';

/**
 * `npm start` as a newcomer runs it, for tests and the benchmark: a clean
 * clone of the repository's HEAD (its node_modules linked from this checkout:
 * what `npm ci` would install), a scratch database, free ports for the
 * simulator and the four services and its own Redis key prefixes, so it never
 * touches a developer's running system or the shared PostgreSQL and Redis.
 */
export interface LocalSystemSetup {
  readonly dir: string;
  readonly databaseUrl: string;
  readonly ports: { gateway: number; ingestor: number; monitor: number; quality: number; sim: number };
  readonly env: NodeJS.ProcessEnv;
  remove(): Promise<void>;
}

const ADMIN_URL = process.env['TEST_DATABASE_ADMIN_URL'] || 'postgres://postgres@127.0.0.1:5432/postgres';

export async function prepareLocalSystem(): Promise<LocalSystemSetup> {
  const dir = mkdtempSync(join(tmpdir(), 'mdi-npm-start-'));
  execFileSync('git', ['clone', '--quiet', '--no-checkout', REPOSITORY_ROOT, dir]);
  execFileSync('git', [
    '-C',
    dir,
    'checkout',
    '--quiet',
    execFileSync('git', ['-C', REPOSITORY_ROOT, 'rev-parse', 'HEAD']).toString().trim(),
  ]);
  symlinkSync(join(REPOSITORY_ROOT, 'node_modules'), join(dir, 'node_modules'), 'dir');
  const id = `${process.pid}_${Date.now().toString(36)}`;
  const database = `mdi_npm_start_${id}`;
  await adminQuery(`CREATE DATABASE ${database}`);
  const url = new URL(ADMIN_URL);
  url.pathname = `/${database}`;
  const [gateway, ingestor, monitor, quality, sim] = await freePorts(5);
  const env: NodeJS.ProcessEnv = {
    PATH: process.env['PATH'],
    HOME: process.env['HOME'],
    DATABASE_URL: url.toString(),
    REDIS_URL: 'redis://127.0.0.1:6379',
    GATEWAY_PORT: String(gateway),
    POLYGON_INGESTOR_PORT: String(ingestor),
    ALPACA_MONITOR_PORT: String(monitor),
    QUALITY_SERVICE_PORT: String(quality),
    SIM_PORT: String(sim),
    QUEUE_PREFIX: `mdi-start-${id}`,
    CACHE_KEY_PREFIX: `mdi-start-${id}:`,
    ADMIN_AUTH_KEY_PREFIX: `mdi-start-${id}:admin-auth`,
  };
  return {
    dir,
    databaseUrl: url.toString(),
    ports: { gateway, ingestor, monitor, quality, sim },
    env,
    async remove() {
      await adminQuery(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`).catch(() => undefined);
      // Every queue and cache key of this system starts with its prefix.
      await removeRedisKeys(`mdi-start-${id}*`);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

export interface NpmStart {
  readonly child: ChildProcess;
  readonly lines: string[];
  readonly startedAt: number;
  /** Resolves with the first output line matching `pattern` and when it was seen; rejects naming the pattern after `timeoutMs`. */
  waitForLine(pattern: RegExp, timeoutMs: number): Promise<{ line: string; at: number }>;
  /** Sends SIGINT to its process group, as Ctrl-C in a terminal does, and waits for its output to end: npm's exit code, or the signal npm died of. */
  interrupt(timeoutMs?: number): Promise<number | string | null>;
}

export function npmStart(setup: LocalSystemSetup): NpmStart {
  const startedAt = Date.now();
  const child = spawn('npm', ['start'], {
    cwd: setup.dir,
    env: setup.env,
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const lines: string[] = [];
  const seen: { line: string; at: number }[] = [];
  const waiters: { pattern: RegExp; resolve: (hit: { line: string; at: number }) => void }[] = [];
  let exited: number | string | null | undefined;
  const exitWaiters: ((code: number | string | null) => void)[] = [];
  const onText = (buffer: { partial: string }) => (chunk: Buffer) => {
    const text = buffer.partial + chunk.toString();
    const parts = text.split(/\r?\n|\r/);
    buffer.partial = parts.pop() ?? '';
    for (const line of parts) {
      lines.push(line);
      const hit = { line, at: Date.now() };
      seen.push(hit);
      for (const waiter of waiters.filter((w) => w.pattern.test(line))) {
        waiters.splice(waiters.indexOf(waiter), 1);
        waiter.resolve(hit);
      }
    }
  };
  child.stdout?.on('data', onText({ partial: '' }));
  child.stderr?.on('data', onText({ partial: '' }));
  // 'close', not 'exit': npm itself dies of the SIGINT at once, while the supervisor it ran still holds
  // the pipes until it has stopped everything and printed its last line.
  child.on('close', (code, signal) => {
    exited = code ?? signal;
    for (const waiter of exitWaiters.splice(0)) waiter(exited);
  });
  return {
    child,
    lines,
    startedAt,
    waitForLine(pattern, timeoutMs) {
      const earlier = seen.find((hit) => pattern.test(hit.line));
      if (earlier) return Promise.resolve(earlier);
      return new Promise((resolve, reject) => {
        const timer = setTimeout(
          () =>
            reject(
              new Error(`no line matching ${pattern} within ${timeoutMs} ms; output:\n${lines.slice(-40).join('\n')}`),
            ),
          timeoutMs,
        );
        waiters.push({ pattern, resolve: (hit) => (clearTimeout(timer), resolve(hit)) });
        child.once('close', () => {
          // a line can still be in the pipe when the process exits; give it a moment
          setTimeout(() => {
            clearTimeout(timer);
            reject(
              new Error(
                `npm start exited (${exited}) before a line matching ${pattern}; output:\n${lines.slice(-40).join('\n')}`,
              ),
            );
          }, 500);
        });
      });
    },
    async interrupt(timeoutMs = 30_000) {
      if (exited !== undefined) return exited;
      const done = new Promise<number | string | null>((resolve) => exitWaiters.push(resolve));
      process.kill(-(child.pid as number), 'SIGINT');
      let timer: NodeJS.Timeout | undefined;
      const late = new Promise<never>((_, reject) => {
        timer = setTimeout(
          () => reject(new Error(`npm start did not exit within ${timeoutMs} ms of SIGINT`)),
          timeoutMs,
        );
      });
      try {
        return await Promise.race([done, late]);
      } finally {
        clearTimeout(timer);
      }
    },
  };
}

/** Processes whose working directory is inside `dir` (what `npm start` there left running). */
export function processesIn(dir: string): { pid: number; command: string }[] {
  const found = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const cwd = readlinkSync(`/proc/${entry}/cwd`);
      if (cwd === dir || cwd.startsWith(`${dir}/`)) {
        const command = existsSync(`/proc/${entry}/cmdline`)
          ? execFileSync('cat', [`/proc/${entry}/cmdline`])
              .toString()
              .replace(/\0/g, ' ')
              .trim()
          : '?';
        found.push({ pid: Number(entry), command });
      }
    } catch {
      // gone, or not ours to read
    }
  }
  return found;
}

export async function portAnswers(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host: '127.0.0.1', port });
    socket.once('connect', () => (socket.destroy(), resolve(true)));
    socket.once('error', () => resolve(false));
  });
}

export async function query<T = Record<string, unknown>>(
  databaseUrl: string,
  sql: string,
  params: unknown[] = [],
): Promise<T[]> {
  const client = new Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    return (await client.query(sql, params)).rows as T[];
  } finally {
    await client.end();
  }
}

async function adminQuery(sql: string): Promise<void> {
  await query(ADMIN_URL, sql);
}

async function freePorts(count: number): Promise<number[]> {
  const servers = await Promise.all(
    Array.from(
      { length: count },
      () =>
        new Promise<import('node:net').Server>((resolve) => {
          const server = createServer();
          server.listen(0, '127.0.0.1', () => resolve(server));
        }),
    ),
  );
  const ports = servers.map((server) => (server.address() as { port: number }).port);
  await Promise.all(servers.map((server) => new Promise((resolve) => server.close(resolve))));
  return ports;
}

/**
 * Deletes the keys matching `pattern` (SCAN, so a shared Redis is not
 * blocked). A tool imports nothing of ours, so this is not @mdi/testing's
 * removeRedisKeys; it needs only one pattern and ioredis' scanStream.
 */
async function removeRedisKeys(pattern: string): Promise<void> {
  const { default: Redis } = await import('ioredis');
  const redis = new Redis('redis://127.0.0.1:6379');
  try {
    for await (const keys of redis.scanStream({ match: pattern, count: 1000 }) as AsyncIterable<string[]>) {
      if (keys.length > 0) await redis.del(...keys);
    }
  } finally {
    redis.disconnect();
  }
}
