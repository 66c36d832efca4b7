/**
 * `npm start` after build and migrate (scripts/start-local.sh execs this with
 * the local defaults already applied): starts the provider simulator when a
 * provider has no real URL, then the four services, each with its JSON logs
 * in its own file, and speaks to a person on the console: a banner saying
 * what runs where, "ready" only once the gateway's /health is 200 (every
 * service and Redis ready), one progress line for the initial backfill, a
 * line naming a service that died (with the tail of its log), and on Ctrl-C
 * (SIGINT) or SIGTERM a stop of everything it started, ending with a line
 * that says so. The children run in their own process groups so that the
 * terminal's Ctrl-C reaches only this process, which stops them in order.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { closeSync, mkdirSync, openSync, readFileSync } from 'node:fs';
import { connect } from 'node:net';
import { join, relative } from 'node:path';
import { gatewayUrl, REPOSITORY_ROOT } from './local-defaults';
import { progressText } from './summaries';

// Answers of our own services, read field by field.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Json = any;

interface Child {
  readonly name: string;
  readonly log: string;
  readonly process: ChildProcess;
  exited: boolean;
}

const env = process.env;
// start-local.sh stamps the moment `npm start` began, so "ready after" counts the build and migration too.
const started = Number(env['MDI_START_EPOCH_MS']) || Date.now();
const tty = process.stdout.isTTY === true;
const logDir = join(REPOSITORY_ROOT, env['MDI_LOG_DIR'] || '.local/logs');
const simPort = Number(env['SIM_PORT'] || 4010);
const simUrl = `http://127.0.0.1:${simPort}`;
const polygonSimulated = env['POLYGON_BASE_URL'] === simUrl;
const simulated = env['SIM_NEEDED'] === 'true';

const SERVICES = [
  { name: 'polygon-ingestor', portVariable: 'POLYGON_INGESTOR_PORT', port: 3001, urlVariable: 'POLYGON_INGESTOR_URL' },
  { name: 'alpaca-monitor', portVariable: 'ALPACA_MONITOR_PORT', port: 3002, urlVariable: 'ALPACA_MONITOR_URL' },
  { name: 'quality-service', portVariable: 'QUALITY_SERVICE_PORT', port: 3003, urlVariable: 'QUALITY_SERVICE_URL' },
  { name: 'gateway', portVariable: 'GATEWAY_PORT', port: 3000, urlVariable: 'GATEWAY_URL' },
].map((s) => ({ ...s, port: Number(env[s.portVariable] || s.port) }));
const portOf = (name: string) => SERVICES.find((s) => s.name === name)?.port as number;
const gateway = gatewayUrl({ ...env, GATEWAY_URL: undefined, GATEWAY_PORT: String(portOf('gateway')) });
const ingestor = `http://127.0.0.1:${portOf('polygon-ingestor')}`;

// A simulated Polygon's budget window comes compressed from scripts/local-defaults.sh
// (SIM_POLYGON_RATE_WINDOW_MS), as the operator tools take it; the simulator gets the same window.
const budgetCalls = Number(env['POLYGON_RATE_LIMIT_PER_MINUTE'] || 4);
const budgetWindowMs = Number(env['POLYGON_RATE_WINDOW_MS'] || 60_000);
const SIM_POLYGON_LIMIT = 5;

const children: Child[] = [];
let stopping = false;

function say(line: string): void {
  clearProgress();
  process.stdout.write(`${line}\n`);
}

let progressShown = false;
function showProgress(line: string): void {
  if (!tty) return say(line);
  process.stdout.write(`\r\x1b[2K${line}`);
  progressShown = true;
}
function clearProgress(): void {
  if (progressShown) process.stdout.write('\n');
  progressShown = false;
}

function seconds(since = started): string {
  return `${((Date.now() - since) / 1000).toFixed(1)} s`;
}

function windowText(ms: number): string {
  return ms === 60_000 ? 'minute' : ms === 1000 ? 'second' : `${ms} ms`;
}

function banner(): void {
  const rel = relative(process.cwd(), logDir) || '.';
  const budget = `${budgetCalls} calls per ${windowText(budgetWindowMs)}`;
  const lines = [
    '',
    '== market-data ingestion: local system ==================================',
    `  status page     http://127.0.0.1:${portOf('gateway')}/   (JSON: ${gateway}/health, /status)`,
  ];
  if (simulated) {
    const which = [polygonSimulated ? 'Polygon' : null, env['ALPACA_BASE_URL'] === simUrl ? 'Alpaca' : null]
      .filter(Boolean)
      .join(' and ');
    lines.push(
      `  data            SIMULATED: ${which} served by the provider simulator on :${simPort} (no provider URL set); not market data`,
    );
  } else {
    lines.push(
      `  data            REAL providers: Polygon ${env['POLYGON_BASE_URL']}, Alpaca ${env['ALPACA_BASE_URL']}`,
    );
  }
  if (polygonSimulated) {
    const perMinute = Math.round((budgetCalls * 60_000) / budgetWindowMs);
    lines.push(
      `  Polygon budget  ${budget} (compressed for the simulator, which allows ${SIM_POLYGON_LIMIT} per ${windowText(budgetWindowMs)}; ${perMinute} calls/min)`,
    );
  } else {
    const minutes = Math.round(((100 / budgetCalls) * budgetWindowMs) / 60_000);
    lines.push(
      `  Polygon budget  ${budget}: the initial backfill of 100 symbols x 2 years is 100 calls, about ${minutes} minutes`,
    );
  }
  lines.push(
    `  services        ${SERVICES.map((s) => `${s.name} :${s.port}`).join(', ')}`,
    `  logs            ${rel}/<service>.log (JSON lines, e.g. tail -f ${rel}/polygon-ingestor.log)`,
    `  CLI             npm run cli -- status   (health, backfill, eod, ...; npm run cli -- --help)`,
    `  admin token     ${env['ADMIN_TOKEN_WHERE'] || 'GATEWAY_ADMIN_TOKEN'}`,
    '  Ctrl-C stops everything',
    '=========================================================================',
  );
  say(lines.join('\n'));
}

function start(name: string, args: string[], extraEnv: NodeJS.ProcessEnv): void {
  const log = join(logDir, `${name}.log`);
  const fd = openSync(log, 'w');
  const child = spawn(process.execPath, args, {
    cwd: REPOSITORY_ROOT,
    env: { ...env, ...extraEnv },
    stdio: ['ignore', fd, fd],
    detached: true,
  });
  closeSync(fd);
  const entry: Child = { name, log, process: child, exited: false };
  children.push(entry);
  child.on('exit', (code, signal) => {
    entry.exited = true;
    if (stopping) return;
    const how = signal ? `was killed by ${signal}` : `exited with code ${code}`;
    say(`\n✖ ${name} ${how}; the last lines of ${relative(process.cwd(), log)}:`);
    say(
      tail(log, 20)
        .map((line) => `    ${line}`)
        .join('\n'),
    );
    void stop(`stopped everything because ${name} ${how}`, 1);
  });
}

function tail(file: string, count: number): string[] {
  try {
    const lines = readFileSync(file, 'utf8').trimEnd().split('\n');
    return lines.slice(-count).map((line) => (line.length > 400 ? `${line.slice(0, 400)}...` : line));
  } catch {
    return ['(no log written)'];
  }
}

async function portInUse(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host: '127.0.0.1', port });
    socket.setTimeout(500);
    socket.once('connect', () => (socket.destroy(), resolve(true)));
    socket.once('timeout', () => (socket.destroy(), resolve(false)));
    socket.once('error', () => resolve(false));
  });
}

async function getJson(url: string, timeoutMs = 1500): Promise<{ status: number; body: Json } | null> {
  try {
    const response = await fetch(url, { signal: AbortSignal.timeout(timeoutMs) });
    return { status: response.status, body: await response.json().catch(() => null) };
  } catch {
    return null;
  }
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function waitUntilReady(): Promise<void> {
  say('== waiting for every service to answer ready ...');
  let lastReport = Date.now();
  while (!stopping) {
    const health = await getJson(`${gateway}/health`);
    if (health?.status === 200) {
      say(
        `== ready after ${seconds()} (since npm start): every service answers ready; open http://127.0.0.1:${portOf('gateway')}/`,
      );
      return;
    }
    if (Date.now() - lastReport > 30_000) {
      lastReport = Date.now();
      const down = health
        ? Object.entries<Json>(health.body?.services ?? {})
            .filter(([, h]) => h?.state !== 'up')
            .map(([n, h]) => `${n} (${h?.reason ?? h?.state})`)
        : ['gateway (not answering yet)'];
      if (health?.body?.redis?.state && health.body.redis.state !== 'up') down.push('redis');
      say(`== still waiting after ${seconds()}: not ready: ${down.join(', ')}`);
    }
    await sleep(500);
  }
}

/** One progress line for the start-up backfill (or the run it resumed), then its verdict. */
async function followInitialBackfill(): Promise<void> {
  if (env['ENABLE_HISTORICAL_BACKFILL'] === 'false')
    return say('== historical backfill is off (ENABLE_HISTORICAL_BACKFILL=false)');
  const onStart = env['BACKFILL_ON_START'] !== 'false' && env['GAP_REPAIR_CRON'] !== 'off';
  let tracked: number | null = null;
  let trackedSince = Date.now();
  let lastPrinted = 0;
  let lastPercent = -1;
  let lastPlanCheck = 0;
  while (!stopping) {
    const status = await getJson(`${gateway}/status`, 3000);
    const backfill = status?.body?.backfill;
    const current = backfill?.current;
    if (current) {
      if (tracked !== current.id) {
        tracked = current.id;
        trackedSince = Date.now();
        say(
          `== initial backfill: run #${current.id}, ${current.calls?.planned} calls for ${current.symbols} symbols ${current.from} .. ${current.to}`,
        );
      }
      const percentStep = Math.floor((current.percent ?? 0) / 10);
      if (tty || percentStep !== lastPercent || Date.now() - lastPrinted > 15_000) {
        showProgress(`   backfill ${progressText(current)}`);
        lastPercent = percentStep;
        lastPrinted = Date.now();
      }
    } else if (tracked !== null) {
      const run = (backfill?.recent ?? []).find((r: Json) => r.id === tracked);
      if (run && run.status !== 'running') {
        const verdict = run.status === 'done' ? 'complete' : `${run.status}: ${run.failureReason ?? ''}`;
        say(
          `== initial backfill ${verdict}: ${run.calls?.made} calls, ${run.cells?.done?.toLocaleString('en-US')} cells stored in ${seconds(trackedSince)} (${seconds()} since start)`,
        );
        return;
      }
    } else if (Date.now() - lastPlanCheck > 3000) {
      lastPlanCheck = Date.now();
      const plan = await getJson(`${ingestor}/backfill/plan`, 10_000);
      if (plan?.status === 200 && plan.body?.calls?.total === 0) {
        say(`== history complete: nothing is missing, no backfill needed (${seconds()} since start)`);
        return;
      }
      if (plan?.status === 200 && !onStart) {
        say(
          `== ${plan.body.calls.total} calls of history are missing; the start-up backfill is off: npm run cli -- backfill run`,
        );
        return;
      }
    }
    await sleep(tty ? 1000 : 2000);
  }
}

async function stop(last: string, code: number): Promise<void> {
  if (stopping) return;
  stopping = true;
  clearProgress();
  say(code === 0 ? '\n== stopping every service and the simulator ...' : '== stopping the rest ...');
  // Services first, the simulator last, so no service logs a failed call on its way out.
  const order = [...children].reverse();
  for (const child of order) signalGroup(child, 'SIGTERM');
  const deadline = Date.now() + 10_000;
  while (children.some((c) => !c.exited) && Date.now() < deadline) await sleep(100);
  for (const child of children.filter((c) => !c.exited)) {
    say(`   ${child.name} did not stop within 10 s: killed`);
    signalGroup(child, 'SIGKILL');
  }
  while (children.some((c) => !c.exited)) await sleep(50);
  const ports = [...SERVICES.map((s) => s.port), ...(simulated ? [simPort] : [])];
  const busy = [];
  for (const port of ports) if (await portInUse(port)) busy.push(port);
  const portsText =
    busy.length === 0 ? `ports ${ports.join(', ')} are free` : `port(s) ${busy.join(', ')} still answer (not ours?)`;
  say(`== ${last}: every process it started has exited; ${portsText}`);
  process.exit(code);
}

function signalGroup(child: Child, signal: NodeJS.Signals): void {
  if (child.exited || child.process.pid === undefined) return;
  try {
    process.kill(-child.process.pid, signal);
  } catch {
    // already gone
  }
}

async function main(): Promise<void> {
  mkdirSync(logDir, { recursive: true });
  const ports = [...SERVICES.map((s) => s.port), ...(simulated ? [simPort] : [])];
  for (const port of ports) {
    if (await portInUse(port)) {
      say(
        `✖ port ${port} is in use (another npm start?); stop it or set the port variables (GATEWAY_PORT, POLYGON_INGESTOR_PORT, ALPACA_MONITOR_PORT, QUALITY_SERVICE_PORT, SIM_PORT)`,
      );
      process.exit(1);
    }
  }
  process.on('SIGINT', () => void stop('stopped by Ctrl-C', 0));
  process.on('SIGTERM', () => void stop('stopped by SIGTERM', 0));
  banner();
  const swc = ['-r', '@swc-node/register'];
  if (simulated) {
    start('provider-sim', [...swc, 'tools/provider-sim/src/main.ts', '--port', String(simPort)], {
      SWC_NODE_PROJECT: 'tsconfig.base.json',
      SIM_POLYGON_KEYS: env['SIM_POLYGON_KEYS'],
      SIM_ALPACA_KEYS: env['SIM_ALPACA_KEYS'],
      SIM_POLYGON_RATE_LIMIT: String(SIM_POLYGON_LIMIT),
      SIM_RATE_WINDOW_MS: String(budgetWindowMs),
    });
  }
  const urls = Object.fromEntries(
    SERVICES.filter((s) => s.name !== 'gateway').map((s) => [
      s.urlVariable,
      env[s.urlVariable] || `http://127.0.0.1:${s.port}`,
    ]),
  );
  for (const service of SERVICES) {
    start(service.name, [`dist/apps/${service.name}/main.js`], {
      PORT: String(service.port),
      MDI_SIMULATED_PROVIDERS: simulated ? 'true' : 'false',
      ...(service.name === 'gateway' ? urls : {}),
    });
  }
  await waitUntilReady();
  await followInitialBackfill();
}

main().catch((error: Error) => {
  say(`✖ ${error.message}`);
  void stop('stopped after an error', 1);
});
