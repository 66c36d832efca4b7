/**
 * The gateway under load: GET /health, GET /status and GET / with 200
 * concurrent connections for 10 s each on loopback (autocannon), all services
 * up against the simulator. Two gateways in the same run: `shared` (probes and
 * status collections shared by every request, the shipped defaults) and
 * `per-request` (every request fans out to the three services, as before).
 * Prints requests/s, p50, p99, non-2xx and errors, and the calls per second
 * that reached the services, with the load average.
 *   SWC_NODE_PROJECT=tsconfig.base.json node -r @swc-node/register bench/gateway-load.bench.ts [--seconds 10] [--connections 200]
 * See bench/README.md, section "gateway-load".
 */
import autocannon = require('autocannon');
import { createTestDatabase, startProviderSimulator } from '@mdi/testing';
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { loadavg } from 'node:os';
import { createInterface } from 'node:readline';
import { resolve } from 'node:path';
import { reportBench, thousands, type BenchFigure } from './bench-report';

const arg = (name: string, fallback: number) => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? Number(process.argv[i + 1]) : fallback;
};
const SECONDS = arg('seconds', 10);
const CONNECTIONS = arg('connections', 200);
const ROOT = resolve(__dirname, '..');

interface System {
  gateways: Record<'shared' | 'per-request', string>;
  control: string;
}

async function startSystem(vars: Record<string, string>): Promise<{ system: System; stop: () => void }> {
  const child = spawn(process.execPath, ['-r', '@swc-node/register', 'bench/gateway-load.system.ts'], {
    cwd: ROOT,
    env: { ...process.env, ...vars, SWC_NODE_PROJECT: 'tsconfig.base.json' },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const line = await new Promise<string>((done, fail) => {
    createInterface({ input: child.stdout }).once('line', done);
    child.once('exit', (code) => fail(new Error(`the system exited (${code}) before it was ready`)));
  });
  return { system: JSON.parse(line) as System, stop: () => child.kill('SIGTERM') };
}

async function hits(control: string): Promise<Record<string, number>> {
  return (await (await fetch(control)).json()) as Record<string, number>;
}

/** Waits until no request reaches the services for a second: a backlog of the previous row must not count in the next. */
async function quiesce(control: string): Promise<void> {
  let last = JSON.stringify(await hits(control));
  for (let i = 0; i < 60; i++) {
    await new Promise((r) => setTimeout(r, 1000));
    const now = JSON.stringify(await hits(control));
    if (now === last) return;
    last = now;
  }
}

async function load(url: string): Promise<autocannon.Result> {
  return new Promise((done, fail) => {
    autocannon({ url, connections: CONNECTIONS, duration: SECONDS, timeout: 10 }, (error, result) =>
      error ? fail(error) : done(result),
    );
  });
}

function gatewayFigure(path: string, measured: Map<string, autocannon.Result>): BenchFigure {
  const shared = measured.get(`${path} shared`) as autocannon.Result;
  const perRequest = measured.get(`${path} per-request`) as autocannon.Result;
  const failures = (r: autocannon.Result) => r.non2xx + r.errors + r.timeouts;
  return {
    figure: `gateway GET ${path}, ${CONNECTIONS} connections: p99 and failures`,
    value: `p99 ${shared.latency.p99} ms, ${thousands(shared.requests.average)} req/s, ${failures(shared)} failed`,
    comparison: `every request fanning out: p99 ${perRequest.latency.p99} ms, ${thousands(perRequest.requests.average)} req/s, ${failures(perRequest)} failed`,
    target: 'p99 under 50 ms, no failed request',
    met: shared.latency.p99 < 50 && failures(shared) === 0,
  };
}

async function main(): Promise<void> {
  const sim = await startProviderSimulator({ symbols: 100 });
  const db = await createTestDatabase();
  const { system, stop } = await startSystem({
    SIM_URL: sim.url,
    DATABASE_URL: db.url,
    REDIS_URL: 'redis://127.0.0.1:6379',
    QUEUE_PREFIX: `bench-gw-${randomBytes(3).toString('hex')}`,
    INTERNAL_API_TOKEN: randomBytes(24).toString('hex'),
    GATEWAY_ADMIN_TOKEN: randomBytes(24).toString('hex'),
  });
  try {
    // The ingestor seeds its universe at start-up: wait for a full health answer before measuring.
    for (let i = 0; i < 100 && (await fetch(`${system.gateways.shared}/health`)).status !== 200; i++)
      await new Promise((r) => setTimeout(r, 200));
    const rows: string[] = [];
    const measured = new Map<string, autocannon.Result>();
    // /health/live touches nothing downstream: the floor this machine and framework set for any route.
    for (const path of ['/health/live', '/health', '/status', '/']) {
      for (const mode of path === '/health/live' ? (['shared'] as const) : (['per-request', 'shared'] as const)) {
        await quiesce(system.control);
        const before = await hits(system.control);
        const result = await load(`${system.gateways[mode]}${path}`);
        const after = await hits(system.control);
        measured.set(`${path} ${mode}`, result);
        const downstream = Object.keys(after).reduce((sum, name) => sum + (after[name] - (before[name] ?? 0)), 0);
        rows.push(
          [
            path.padEnd(12),
            mode.padEnd(12),
            String(Math.round(result.requests.average)).padStart(7),
            `${result.latency.p50} ms`.padStart(9),
            `${result.latency.p99} ms`.padStart(9),
            String(result.non2xx).padStart(7),
            String(result.errors + result.timeouts).padStart(7),
            (downstream / SECONDS).toFixed(1).padStart(10),
          ].join(' '),
        );
      }
    }
    const lines = [
      `gateway-load: ${CONNECTIONS} connections, ${SECONDS} s per row, load average ${loadavg()
        .map((l) => l.toFixed(2))
        .join(' ')}`,
      '',
      '```',
      'path         gateway        req/s       p50       p99 non-2xx  errors calls/s to services',
      ...rows,
      '```',
    ];
    console.log(lines.join('\n'));
    reportBench(
      ['/health', '/status'].map((path) => gatewayFigure(path, measured)),
      lines.join('\n'),
    );
  } finally {
    stop();
    await sim.stop();
    await db.drop();
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
