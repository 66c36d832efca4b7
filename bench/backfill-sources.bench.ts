/**
 * A 2-year backfill of 100 symbols from Polygon alone against Alpaca as the
 * fast source, in one run, for three configurations of the polygon-ingestor:
 *   (a) Polygon alone (HISTORICAL_DATA_SOURCE=polygon),
 *   (b) Alpaca primary (HISTORICAL_DATA_SOURCE=alpaca),
 *   (c) Alpaca primary, Polygon confirming (BACKFILL_SECONDARY_SOURCE=polygon).
 * Each configuration gets a temporary database with nothing stored, and:
 *   1. the plan: the real ingestor process (its entry point) at the budgets the
 *      deployed system plans with (k8s/base/config.env over the config's
 *      defaults) answers GET /backfill/plan: cells, calls, pages and the time
 *      each source's budget takes for them;
 *   2. the run: a second ingestor process on the same database with
 *      Polygon's budget raised (Alpaca's stays as deployed; the simulator's
 *      limits above both) plans again
 *      (the same calls are required) and runs POST /backfill to the end
 *      against tools/provider-sim over HTTP. The bench fails unless the calls
 *      the simulator saw are the pages planned per source, no call was
 *      refused, every planned cell is settled in that source's ledger (bars
 *      stored, or no_data only where the simulator planted a missing session)
 *      and nothing is planned afterwards.
 *
 *   npm run bench:backfill-sources
 * See bench/README.md, section "backfill-sources".
 */
import '../libs/providers/src/bin/polygon-esm-resolution';
import { createTestDatabase, eventually, startProviderSimulator, type ProviderSimulator } from '@mdi/testing';
import { execFileSync } from 'node:child_process';
import type { DataSource } from 'typeorm';
import { resolve } from 'node:path';
import { PolygonIngestorConfig } from '../apps/polygon-ingestor/src/app/polygon-ingestor.config';
import { ingestorEnv, removeRedisKeys, SIM_TODAY } from '../apps/polygon-ingestor/src/test-support/ingestor-harness';
import { httpJson, startIngestorProcess } from '../apps/polygon-ingestor/src/test-support/ingestor-process';
import { loadAverageText, reportBench, thousands, type BenchFigure } from './bench-report';
import { deployedRateSettings } from './deployed-budgets';

const ROOT = resolve(__dirname, '..');
const SYMBOLS = 100;

const ALPACA_KEY = { ALPACA_API_KEY: 'sim-alpaca-key', ALPACA_SECRET_KEY: 'sim-alpaca-secret' };
/**
 * The run's Polygon budget: 20 per 1 s window, below the simulator's 25 (the deployed 4 a minute would take
 * the 25 minutes the plan says). Alpaca runs at its deployed budget: its calls fit in one window of it.
 */
const RUN_POLYGON_BUDGET = { POLYGON_RATE_LIMIT_PER_MINUTE: '20', POLYGON_RATE_WINDOW_MS: '1000' };
/** The test budget ingestorEnv sets; removed for the plan so the deployed values (or the defaults) apply. */
const HARNESS_BUDGET_KEYS = Object.keys(RUN_POLYGON_BUDGET);

interface Scenario {
  readonly label: string;
  readonly env: Record<string, string>;
}

const SCENARIOS: readonly Scenario[] = [
  { label: '(a) Polygon alone', env: { HISTORICAL_DATA_SOURCE: 'polygon', BACKFILL_SECONDARY_SOURCE: 'none' } },
  {
    label: '(b) Alpaca primary',
    env: { HISTORICAL_DATA_SOURCE: 'alpaca', BACKFILL_SECONDARY_SOURCE: 'none', ...ALPACA_KEY },
  },
  {
    label: '(c) Alpaca primary, Polygon confirming',
    env: { HISTORICAL_DATA_SOURCE: 'alpaca', BACKFILL_SECONDARY_SOURCE: 'polygon', ...ALPACA_KEY },
  },
];

type Source = 'polygon' | 'alpaca';

/** One source's part of GET /backfill/plan (the plan view's `sources`). */
interface SourcePlan {
  readonly source: Source;
  readonly role: 'fill' | 'confirm';
  readonly cells: number;
  readonly calls: number;
  readonly pages: number;
  readonly budget: { readonly calls: number; readonly windowMs: number };
  readonly estimatedSeconds: number;
}

interface Plan {
  readonly sessions: number;
  readonly missingCells: number;
  readonly sources: readonly SourcePlan[];
  readonly estimatedSeconds: number;
  readonly calls: { readonly total: number };
  readonly jobs: readonly { readonly jobId: string }[];
}

/** What one source did in the run, counted at the simulator and in PostgreSQL. */
interface SourceRun {
  readonly callsSeen: number;
  readonly bars: number;
  readonly noData: number;
  readonly failed: number;
}

interface Measured {
  readonly scenario: Scenario;
  readonly plan: Plan;
  readonly runPlan: Plan;
  readonly runs: Record<Source, SourceRun>;
  readonly rateLimited: number;
  readonly wallSeconds: number;
  /** From POST /backfill until the primary's ledger has settled every cell it fills: the history is usable. */
  readonly historyCompleteSeconds: number;
}

const duration = (seconds: number) =>
  seconds >= 3600
    ? `${(seconds / 3600).toFixed(1)} h`
    : seconds >= 60
      ? `${(seconds / 60).toFixed(1)} min`
      : `${seconds.toFixed(seconds < 10 ? 2 : 1)} s`;
const rate = (budget: SourcePlan['budget']) =>
  budget.windowMs === 60_000 ? `${budget.calls}/min` : `${budget.calls} per ${budget.windowMs / 1000} s`;
const commit = () => {
  try {
    return execFileSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: ROOT, encoding: 'utf8' }).trim();
  } catch {
    return 'unknown';
  }
};

async function planOf(url: string): Promise<Plan> {
  const { status, body } = await httpJson('GET', `${url}/backfill/plan`);
  if (status !== 200) throw new Error(`GET /backfill/plan answered ${status}: ${JSON.stringify(body)}`);
  return body as Plan;
}

/** Starts the real ingestor process, hands it to `use`, then stops it and deletes its Redis keys. */
async function withIngestor<T>(env: Record<string, string>, use: (url: string) => Promise<T>): Promise<T> {
  const ingestor = await startIngestorProcess(env);
  try {
    return await use(ingestor.url);
  } catch (error) {
    process.stderr.write(`the ingestor's output:\n${ingestor.output().slice(-4000)}\n`);
    throw error;
  } finally {
    await ingestor.stop();
    await removeRedisKeys([`${env['QUEUE_PREFIX']}:*`, `${env['CACHE_KEY_PREFIX']}*`]);
  }
}

/** The plan at the run's budget must be the plan at the deployed budget: a budget changes only the ETA. */
function assertSamePlan(label: string, deployed: Plan, run: Plan): void {
  const shape = (plan: Plan) =>
    JSON.stringify({
      missing: plan.missingCells,
      sources: plan.sources.map(({ source, role, cells, calls, pages }) => ({ source, role, cells, calls, pages })),
      jobs: plan.jobs.map((j) => j.jobId),
    });
  if (shape(deployed) !== shape(run)) {
    throw new Error(
      `${label}: the plan at the run's budget differs from the deployed one: ${shape(run)} vs ${shape(deployed)}`,
    );
  }
}

/** Cells a source's ledger has settled (bars stored, or no_data). */
async function settledCells(dataSource: DataSource, source: Source): Promise<number> {
  const [row] = await dataSource.query(
    `SELECT count(*) AS n FROM data_ingestion.symbol_data_status WHERE data_source = $1 AND status IN ('success', 'no_data')`,
    [source],
  );
  return Number(row.n);
}

/** Alpaca sessions the simulator leaves out on purpose (GET /__sim/alpaca/disagreements, kind missing-session). */
async function plantedMissingSessions(sim: ProviderSimulator): Promise<number> {
  const body = (await (await fetch(`${sim.url}/__sim/alpaca/disagreements`)).json()) as {
    disagreements: { kind: string }[];
  };
  return body.disagreements.filter((d) => d.kind === 'missing-session').length;
}

async function measure(
  sim: ProviderSimulator,
  scenario: Scenario,
  deployed: Record<string, string>,
): Promise<Measured> {
  const db = await createTestDatabase();
  try {
    const planEnv = ingestorEnv(sim, db, scenario.env);
    for (const key of HARNESS_BUDGET_KEYS) delete planEnv[key];
    Object.assign(planEnv, deployed);
    const plan = await withIngestor(planEnv, planOf);
    process.stderr.write(
      `${scenario.label}: planned ${plan.sources.map((s) => `${s.source} ${s.calls} calls / ${s.pages} pages, ${duration(s.estimatedSeconds)} at ${rate(s.budget)}`).join('; ')}\n`,
    );

    const runEnv = ingestorEnv(sim, db, { ...scenario.env, ...deployed, ...RUN_POLYGON_BUDGET });
    return await withIngestor(runEnv, async (url) => {
      const runPlan = await planOf(url);
      assertSamePlan(scenario.label, plan, runPlan);
      await sim.reset();
      const started = performance.now();
      const post = await httpJson('POST', `${url}/backfill`, {});
      if (post.status !== 202) throw new Error(`POST /backfill answered ${post.status}: ${JSON.stringify(post.body)}`);
      const fill = runPlan.sources.find((s) => s.role === 'fill') as SourcePlan;
      let historyCompleteSeconds: number | null = null;
      const run = await eventually(
        async () => {
          if (historyCompleteSeconds === null && (await settledCells(db.dataSource, fill.source)) >= fill.cells) {
            historyCompleteSeconds = (performance.now() - started) / 1000;
          }
          const progress = (await httpJson('GET', `${url}/backfill/runs/${post.body.run.id}`)).body;
          return progress.status === 'running' ? null : progress;
        },
        `${scenario.label}: the backfill run`,
        600_000,
      );
      const wallSeconds = (performance.now() - started) / 1000;
      if (run.status !== 'done') throw new Error(`${scenario.label}: the run ended ${JSON.stringify(run)}`);

      const stats = (await sim.stats()).sinceReset;
      const count = async (sql: string, source: Source) =>
        Number((await db.dataSource.query(sql, [source]))[0].n as string);
      const ledger = (source: Source, status: string) =>
        count(
          `SELECT count(*) AS n FROM data_ingestion.symbol_data_status WHERE data_source = $1 AND status = '${status}'`,
          source,
        );
      const runs = {} as Record<Source, SourceRun>;
      for (const source of ['polygon', 'alpaca'] as const) {
        runs[source] = {
          callsSeen: stats.byProvider[source] ?? 0,
          bars: await count(`SELECT count(*) AS n FROM data_ingestion.market_data WHERE source = $1`, source),
          noData: await ledger(source, 'no_data'),
          failed: await ledger(source, 'failed'),
        };
      }
      const after = await planOf(url);
      await check(sim, scenario, runPlan, runs, stats.rateLimited, after);
      return {
        scenario,
        plan,
        runPlan,
        runs,
        rateLimited: stats.rateLimited,
        wallSeconds,
        historyCompleteSeconds: historyCompleteSeconds ?? wallSeconds,
      };
    });
  } finally {
    await db.drop();
  }
}

/** Fails loudly unless the run made exactly the planned calls and stored every planned cell. */
async function check(
  sim: ProviderSimulator,
  scenario: Scenario,
  plan: Plan,
  runs: Record<Source, SourceRun>,
  rateLimited: number,
  after: Plan,
): Promise<void> {
  const problems: string[] = [];
  if (rateLimited !== 0) problems.push(`${rateLimited} calls refused with 429`);
  const planted = await plantedMissingSessions(sim);
  for (const source of ['polygon', 'alpaca'] as const) {
    const planned = plan.sources.find((s) => s.source === source);
    const run = runs[source];
    const pages = planned?.pages ?? 0;
    if (run.callsSeen !== pages) problems.push(`${source}: the simulator saw ${run.callsSeen} calls, ${pages} planned`);
    const cells = planned?.cells ?? 0;
    if (run.bars + run.noData !== cells) {
      problems.push(`${source}: ${run.bars} bars + ${run.noData} no_data settled, ${cells} cells planned`);
    }
    if (run.failed !== 0) problems.push(`${source}: ${run.failed} cells failed`);
    const allowedNoData = source === 'alpaca' && planned ? planted : 0;
    if (run.noData !== allowedNoData) {
      problems.push(`${source}: ${run.noData} no_data cells, ${allowedNoData} missing sessions planted`);
    }
  }
  if (after.calls.total !== 0) problems.push(`${after.calls.total} calls still planned after the run`);
  if (problems.length) throw new Error(`${scenario.label}: ${problems.join('; ')}`);
}

function planTable(results: readonly Measured[]): string[] {
  const lines = [
    '| scenario | source (role) | cells | calls | pages (what the budget pays) | budget as planned | time at that budget | history complete for a backtest |',
    '|---|---|---|---|---|---|---|---|',
  ];
  for (const { scenario, plan } of results) {
    const fill = plan.sources.find((s) => s.role === 'fill') as SourcePlan;
    plan.sources.forEach((s, i) => {
      lines.push(
        `| ${i === 0 ? scenario.label : ''} | ${s.source} (${s.role}) | ${thousands(s.cells)} | ${thousands(s.calls)} | ` +
          `${thousands(s.pages)} | ${rate(s.budget)} | ${duration(s.estimatedSeconds)} | ` +
          `${i === 0 ? `**${duration(fill.estimatedSeconds)}**` : `(confirmed after ${duration(s.estimatedSeconds)})`} |`,
      );
    });
  }
  return lines;
}

function runTable(results: readonly Measured[]): string[] {
  const lines = [
    "| scenario | source | pages planned | calls the simulator saw | 429s | bars stored | no_data cells (planted) | failed | run budget | time at the run budget | measured: history complete (the primary's cells settled) | measured: run done |",
    '|---|---|---|---|---|---|---|---|---|---|---|---|',
  ];
  for (const { scenario, runPlan, runs, rateLimited, wallSeconds, historyCompleteSeconds } of results) {
    runPlan.sources.forEach((s, i) => {
      const run = runs[s.source];
      lines.push(
        `| ${i === 0 ? scenario.label : ''} | ${s.source} | ${thousands(s.pages)} | ${thousands(run.callsSeen)} | ` +
          `${i === 0 ? rateLimited : ''} | ${thousands(run.bars)} | ${run.noData} | ${run.failed} | ${rate(s.budget)} | ` +
          `${duration(s.estimatedSeconds)} | ${i === 0 ? `${historyCompleteSeconds.toFixed(2)} s` : ''} | ` +
          `${i === 0 ? `${wallSeconds.toFixed(2)} s` : ''} |`,
      );
    });
  }
  return lines;
}

/**
 * The summary lines: each Alpaca configuration's plan and measured time to a complete history against
 * Polygon alone at its deployed budget (budget-bound: the plan's time is its wall time).
 */
function figures(results: readonly Measured[]): BenchFigure[] {
  const [polygonAlone, ...alpaca] = results;
  const fill = (m: Measured) => m.plan.sources.find((s) => s.role === 'fill') as SourcePlan;
  const summary = (m: Measured) => {
    const s = fill(m);
    return `${s.calls} ${s.source} calls (${s.pages} pages), ${duration(s.estimatedSeconds)} at ${rate(s.budget)}`;
  };
  const polygonSeconds = fill(polygonAlone).estimatedSeconds;
  return alpaca.map((m) => {
    const confirm = m.plan.sources.find((s) => s.role === 'confirm');
    return {
      figure: `2-year backfill of ${SYMBOLS} symbols, ${m.scenario.label.slice(4)}: until the history is complete`,
      value:
        `${summary(m)}; measured here: history complete in ${duration(m.historyCompleteSeconds)} ` +
        `(calls seen = calls planned, every cell settled)` +
        (confirm ? `; Polygon confirms in ${confirm.calls} calls, ${duration(confirm.estimatedSeconds)}` : ''),
      comparison:
        `Polygon alone: ${summary(polygonAlone)} (run here at ${rate(polygonAlone.runPlan.sources[0].budget)}: ` +
        `${duration(polygonAlone.historyCompleteSeconds)}); ${(polygonSeconds / m.historyCompleteSeconds).toFixed(0)}x ` +
        `the measured time, ${(polygonSeconds / fill(m).estimatedSeconds).toFixed(0)}x the planned`,
      target: 'a handful of calls instead of 25 minutes (issue 16); the simulator sees exactly the planned calls',
      met: fill(m).pages <= 10,
    };
  });
}

async function main(): Promise<void> {
  const loadAtStart = loadAverageText();
  const deployed = deployedRateSettings();
  const defaults = new PolygonIngestorConfig();
  const sim = await startProviderSimulator({
    seed: 16,
    symbols: SYMBOLS,
    today: SIM_TODAY,
    polygonRateLimit: 25,
    alpacaRateLimit: 11,
    rateWindowMs: 1000,
  });
  try {
    const results: Measured[] = [];
    for (const scenario of SCENARIOS) results.push(await measure(sim, scenario, deployed));
    const sessions = results[0].plan.sessions;
    const lines = [
      `commit ${commit()}; load average at start: ${loadAtStart}; ${SYMBOLS} symbols x ${sessions} sessions ` +
        `(2 years to ${SIM_TODAY}), nothing stored; one temporary database per scenario`,
      '',
      `Plans (GET /backfill/plan of the real ingestor) at the budgets as deployed: k8s/base/config.env ` +
        `(${Object.entries(deployed)
          .map(([k, v]) => `${k}=${v}`)
          .join(', ')}) over the config's defaults (Polygon ${defaults.POLYGON_RATE_LIMIT_PER_MINUTE} per ` +
        `${defaults.POLYGON_RATE_WINDOW_MS / 1000} s, Alpaca ${defaults.ALPACA_RATE_LIMIT_PER_MINUTE} per ` +
        `${defaults.ALPACA_RATE_WINDOW_MS / 1000} s):`,
      '',
      ...planTable(results),
      '',
      "Runs (POST /backfill to the end against the simulator over HTTP, Polygon's budget raised, Alpaca's as deployed; calls counted by the simulator):",
      '',
      ...runTable(results),
      '',
      `load average at end: ${loadAverageText()}`,
    ];
    process.stdout.write(`${lines.join('\n')}\n`);
    reportBench(figures(results), lines.join('\n'));
  } finally {
    await sim.stop();
  }
}

main().catch((error: Error) => {
  process.stderr.write(`${error.stack ?? error.message}\n`);
  process.exit(1);
});
