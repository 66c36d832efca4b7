/**
 * Polygon calls and wall time of the polygon-ingestor's plans against the naive plan
 * (one call per symbol per day), through the real service, queue and simulator.
 *   SWC_NODE_PROJECT=tsconfig.base.json node -r @swc-node/register bench/polygon-calls.bench.ts [--execute-5000]
 * (a) end-of-day of 100 symbols, (b) 2-year backfill of 100 symbols: executed at a
 * compressed budget (4 calls per 1 s window, the simulator allows 5), calls counted
 * at the simulator; (c) 2-year backfill of 5,000 symbols: planned by the service
 * (the plan is what runs), executed only with --execute-5000 (about 502 grouped calls,
 * 2.5 M bars). See bench/README.md, section "polygon-calls".
 */
import 'reflect-metadata';
import '../libs/providers/src/bin/polygon-esm-resolution';
import { startService } from '@mdi/platform';
import {
  createTestDatabase,
  eventually,
  startProviderSimulator,
  type ProviderSimulator,
  type TestDatabase,
} from '@mdi/testing';
import { serviceDefinition } from '../apps/polygon-ingestor/src/app/service-definition';
import { reportBench, thousands, type BenchFigure } from './bench-report';
import {
  ingestorEnv,
  polygonCalls,
  removeRedisKeys,
  SIM_TODAY,
} from '../apps/polygon-ingestor/src/test-support/ingestor-harness';

const REAL_WINDOW_S = 60;
const REAL_CALLS = 4;
const EXECUTE_5000 = process.argv.includes('--execute-5000');

interface Row {
  scenario: string;
  symbols: number;
  sessions: number;
  calls: number;
  naive: number;
  wallSeconds: number | null;
  atRealBudget: string;
  naiveAtRealBudget: string;
  rateLimited: number | null;
}

const hours = (calls: number) => {
  const seconds = (calls / REAL_CALLS) * REAL_WINDOW_S;
  return seconds >= 3600
    ? `${(seconds / 3600).toFixed(1)} h`
    : seconds >= 60
      ? `${(seconds / 60).toFixed(1)} min`
      : `${seconds} s`;
};

async function service(sim: ProviderSimulator, db: TestDatabase, env: Record<string, string>) {
  const all = ingestorEnv(sim, db, env);
  const app = await startService(serviceDefinition, all);
  const base = (await app.getUrl()).replace('[::1]', '127.0.0.1');
  const call = async (method: string, path: string, body?: unknown) => {
    const headers = { 'content-type': 'application/json', authorization: `Bearer ${all['INTERNAL_API_TOKEN']}` };
    const response = await fetch(`${base}${path}`, {
      method,
      headers,
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    return response.json() as Promise<Record<string, any>>;
  };
  const close = async () => {
    await app.close();
    await removeRedisKeys([`${all['QUEUE_PREFIX']}:*`, `${all['CACHE_KEY_PREFIX']}*`]);
  };
  return { call, close };
}

async function runToEnd(
  call: (m: string, p: string, b?: unknown) => Promise<Record<string, any>>,
  timeoutMs: number,
): Promise<void> {
  const started = await call('POST', '/backfill', {});
  await eventually(
    async () => (await call('GET', `/backfill/runs/${started['run'].id}`))['status'] === 'done',
    'the backfill',
    timeoutMs,
  );
}

async function hundredSymbols(rows: Row[]): Promise<void> {
  const sim = await startProviderSimulator({
    seed: 42,
    symbols: 100,
    today: SIM_TODAY,
    polygonRateLimit: 5,
    rateWindowMs: 1000,
  });
  const db = await createTestDatabase();
  const ingestor = await service(sim, db, { EOD_CATCHUP_SESSIONS: '1' });
  try {
    const plan = await ingestor.call('GET', '/backfill/plan');
    const sessions = plan['sessions'] as number;

    await sim.reset();
    let t = performance.now();
    await ingestor.call('POST', '/operations/end-of-day');
    await eventually(
      async () =>
        Number((await db.dataSource.query(`SELECT count(*) AS n FROM data_ingestion.symbol_data_status`))[0].n) === 100,
      'end of day',
      60_000,
    );
    let calls = await polygonCalls(sim);
    rows.push({
      scenario: '(a) end-of-day, 100 symbols',
      symbols: 100,
      sessions: 1,
      calls: calls.total,
      naive: 100,
      wallSeconds: (performance.now() - t) / 1000,
      atRealBudget: hours(calls.total),
      naiveAtRealBudget: hours(100),
      rateLimited: calls.rateLimited,
    });

    // The end-of-day date is settled now; the backfill fills the rest of the two years.
    await sim.reset();
    t = performance.now();
    await runToEnd(ingestor.call, 300_000);
    calls = await polygonCalls(sim);
    rows.push({
      scenario: '(b) 2-year backfill, 100 symbols',
      symbols: 100,
      sessions,
      calls: calls.total,
      naive: 100 * sessions,
      wallSeconds: (performance.now() - t) / 1000,
      atRealBudget: hours(calls.total),
      naiveAtRealBudget: hours(100 * sessions),
      rateLimited: calls.rateLimited,
    });
  } finally {
    await ingestor.close();
    await db.drop();
    await sim.stop();
  }
}

async function fiveThousandSymbols(rows: Row[]): Promise<void> {
  const sim = await startProviderSimulator({
    seed: 42,
    symbols: 5000,
    today: SIM_TODAY,
    polygonRateLimit: EXECUTE_5000 ? 25 : 5,
    rateWindowMs: 1000,
  });
  const db = await createTestDatabase();
  // The universe: every regular ticker the simulator lists (read from one grouped answer, not counted).
  const grouped = (await (
    await fetch(`${sim.url}/v2/aggs/grouped/locale/us/market/stocks/${SIM_TODAY}?apiKey=sim-polygon-key`)
  ).json()) as { results: { T: string }[] };
  const tickers = grouped.results
    .map((r) => r.T)
    .filter((t) => /^[A-Z]{1,6}(\.[A-Z]{1,2})?$/.test(t))
    .slice(0, 5000);
  await db.dataSource.query(
    `INSERT INTO data_ingestion.symbols (symbol, status) SELECT unnest($1::varchar[]), 'active'`,
    [tickers],
  );
  const ingestor = await service(sim, db, {
    SEED_INITIAL_SYMBOLS: 'false',
    ...(EXECUTE_5000 ? { POLYGON_RATE_LIMIT_PER_MINUTE: '20' } : {}),
  });
  try {
    await sim.reset();
    const t = performance.now();
    const plan = await ingestor.call('GET', '/backfill/plan');
    const planSeconds = (performance.now() - t) / 1000;
    console.log(
      `(c) plan of ${plan['symbols']} x ${plan['sessions']} = ${plan['missingCells']} cells: ${plan['calls'].total} calls (${plan['calls'].groupedDaily} grouped, ${plan['calls'].aggregatesRange} range) in ${planSeconds.toFixed(2)} s`,
    );
    let wallSeconds: number | null = null;
    let rateLimited: number | null = null;
    let calls = plan['calls'].total as number;
    if (EXECUTE_5000) {
      const started = performance.now();
      await runToEnd(ingestor.call, 1_800_000);
      wallSeconds = (performance.now() - started) / 1000;
      const counted = await polygonCalls(sim);
      calls = counted.total;
      rateLimited = counted.rateLimited;
    }
    rows.push({
      scenario: `(c) 2-year backfill, ${plan['symbols']} symbols${EXECUTE_5000 ? '' : ' (planned)'}`,
      symbols: plan['symbols'],
      sessions: plan['sessions'],
      calls,
      naive: plan['naiveCalls'],
      wallSeconds,
      atRealBudget: hours(calls),
      naiveAtRealBudget: hours(plan['naiveCalls']),
      rateLimited,
    });
  } finally {
    await ingestor.close();
    await db.drop();
    await sim.stop();
  }
}

/** The call target of each scenario: one grouped call per session where the plan groups, one range call per symbol otherwise. */
function callFigure(r: Row): BenchFigure {
  const [target, limit] =
    r.symbols > 1000
      ? [`<= ${r.sessions} (one grouped call per session)`, r.sessions]
      : r.sessions === 1
        ? ['1 (one grouped call)', 1]
        : [`<= ${r.symbols} (one range call per symbol)`, r.symbols];
  return {
    figure: `Polygon calls: ${r.scenario}`,
    value: `${thousands(r.calls)} ${r.calls === 1 ? 'call' : 'calls'} (${r.atRealBudget} at 4 calls/min${r.wallSeconds === null ? '' : `; ${r.wallSeconds.toFixed(1)} s here at the compressed budget`})`,
    comparison: `naive plan ${thousands(r.naive)} calls (${r.naiveAtRealBudget})`,
    target,
    met: r.calls <= limit && (r.rateLimited ?? 0) === 0,
  };
}

async function main(): Promise<void> {
  const rows: Row[] = [];
  await hundredSymbols(rows);
  await fiveThousandSymbols(rows);
  const lines = [
    '| scenario | symbols x sessions | Polygon calls | naive calls | wall time (compressed budget: 4 calls/s; (c) with --execute-5000: 20 calls/s) | at 4 calls/min | naive at 4 calls/min | 429s |',
    '|---|---|---|---|---|---|---|---|',
    ...rows.map((r) => {
      const wall = r.wallSeconds === null ? '(not run)' : `${r.wallSeconds.toFixed(1)} s`;
      return `| ${r.scenario} | ${r.symbols} x ${r.sessions} | ${r.calls} | ${r.naive.toLocaleString('en-US')} | ${wall} | ${r.atRealBudget} | ${r.naiveAtRealBudget} | ${r.rateLimited ?? '-'} |`;
    }),
  ];
  console.log(`\n${lines.join('\n')}`);
  reportBench(rows.map(callFigure), lines.join('\n'));
  process.exit(0);
}

main().catch((error: Error) => {
  console.error(`bench failed: ${error.stack ?? error.message}`);
  process.exit(1);
});
