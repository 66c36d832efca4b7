/**
 * The backtest export against the per-symbol JSON path, in one run: 5,000
 * symbols x 2 years of daily bars (about 2.5 M) generated inside PostgreSQL
 * in a temporary database (apps/quality-service's seedBenchBars, bench/export-seed.ts),
 * then, each path served by a fresh polygon-ingestor process (its bundle,
 * built first, as deployed), so its peak RSS (VmHWM) is that path's:
 *   - GET /bars/export as Parquet, Arrow and CSV (every active symbol, one
 *     file), `--repeat` times each, medians reported; Parquet, the headline,
 *     `--repeat` times before and as many after the JSON paths;
 *   - GET /bars/:symbol for every symbol, `--concurrency` requests in flight,
 *     once with every answer parsed and kept (what a backtest needs), once
 *     parsed and dropped (the server's pace: the comparison the target is
 *     judged against).
 * Each client runs in its own process (bench/export-clients.ts), so its peak
 * RSS is its own. Every path must return as many bars as are stored.
 *
 *   SWC_NODE_PROJECT=tsconfig.base.json node -r @swc-node/register bench/export.bench.ts \
 *     [--symbols 5000] [--years 2] [--repeat 3] [--concurrency 8]
 * See bench/README.md, section "export".
 */
import '../libs/providers/src/bin/polygon-esm-resolution';
import { addDays, UsEquityCalendar } from '@mdi/domain';
import { createTestDatabase, startProviderSimulator, type ProviderSimulator, type TestDatabase } from '@mdi/testing';
import { execFileSync, spawn } from 'node:child_process';
import { resolve } from 'node:path';
import { seedTickerBars } from './export-seed';
import { ingestorEnv, removeRedisKeys, SIM_TODAY } from '../apps/polygon-ingestor/src/test-support/ingestor-harness';
import { startIngestorProcess } from '../apps/polygon-ingestor/src/test-support/ingestor-process';
import { loadAverageText, reportBench, thousands, type BenchFigure } from './bench-report';
import type { ClientResult } from './export-clients';
import { median } from './median';
import { peakRssMb, residentMb } from './process-peak-memory';

const ROOT = resolve(__dirname, '..');
const calendar = new UsEquityCalendar();

const seconds = (ms: number) => (ms / 1000).toFixed(2);
const mb = (value: number) => value.toFixed(0);
const commit = () => {
  try {
    return execFileSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: ROOT, encoding: 'utf8' }).trim();
  } catch {
    return 'unknown';
  }
};

function argument(name: string, fallback: number): number {
  const index = process.argv.indexOf(name);
  const value = Number(index > 0 ? process.argv[index + 1] : fallback);
  if (!Number.isInteger(value) || value < 1) throw new Error(`${name} must be a positive integer`);
  return value;
}

/** One path's client runs (median) and the memory of the ingestor that served only them. */
interface Measured extends ClientResult {
  /** The ingestor's RSS once started, and its peak (VmHWM) over its life. */
  readonly ingestorIdleMb: number;
  readonly ingestorPeakMb: number;
}

/** Runs bench/export-clients.ts in a process of its own; resolves with its one JSON line. */
function runClient(args: readonly string[], stdin = ''): Promise<ClientResult> {
  return new Promise((done, fail) => {
    const child = spawn(process.execPath, ['-r', '@swc-node/register', 'bench/export-clients.ts', ...args], {
      cwd: ROOT,
      env: { ...process.env, SWC_NODE_PROJECT: 'tsconfig.base.json' },
      stdio: ['pipe', 'pipe', 'inherit'],
    });
    let out = '';
    child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
    child.stdin.end(stdin);
    child.once('error', fail);
    child.once('exit', (code) =>
      code === 0
        ? done(JSON.parse(out.trim().split('\n').pop() as string) as ClientResult)
        : fail(new Error(`client ${args.join(' ').slice(0, 80)} exited with ${code}`)),
    );
  });
}

/** The client runs one ingestor served, and that ingestor's memory. */
interface PathRuns {
  readonly results: readonly ClientResult[];
  /** The ingestor's RSS once started, and its peak (VmHWM) over its life. */
  readonly ingestorIdleMb: number;
  readonly ingestorPeakMb: number;
}

/**
 * A fresh ingestor for one path, so its peak RSS is that path's: `runs` client runs one after the
 * other (the args get the ingestor's URL first).
 */
async function measurePath(
  label: string,
  env: Record<string, string>,
  runs: number,
  args: readonly string[],
  stdin?: string,
): Promise<PathRuns> {
  const ingestor = await startIngestorProcess(env, { bundle: true });
  const pid = ingestor.child.pid as number;
  try {
    const ingestorIdleMb = residentMb(pid);
    const results: ClientResult[] = [];
    for (let run = 0; run < runs; run++) {
      const result = await runClient([args[0], ingestor.url, ...args.slice(1)], stdin);
      results.push(result);
      process.stderr.write(
        `  ${label} run ${run + 1}: ${seconds(result.wallMs)} s, ${thousands(result.rows)} bars, ${(result.bytes / 1e6).toFixed(1)} MB\n`,
      );
    }
    return { results, ingestorIdleMb, ingestorPeakMb: peakRssMb(pid) };
  } catch (error) {
    process.stderr.write(`the ingestor's output:\n${ingestor.output().slice(-4000)}\n`);
    throw error;
  } finally {
    await ingestor.stop();
  }
}

/** The median of each figure over every run of one path (one or more ingestors), its ingestors' highest peak. */
function summarize(...sessions: readonly PathRuns[]): Measured {
  const results = sessions.flatMap((session) => session.results);
  if (new Set(results.map((r) => `${r.rows} ${r.bytes}`)).size !== 1) throw new Error('runs of one path differ');
  const pick = (key: keyof ClientResult) => median(results.map((r) => r[key]));
  return {
    ...results[0],
    wallMs: pick('wallMs'),
    decodeMs: pick('decodeMs'),
    peakRssReceivedMb: pick('peakRssReceivedMb'),
    peakRssMb: pick('peakRssMb'),
    ingestorIdleMb: median(sessions.map((session) => session.ingestorIdleMb)),
    ingestorPeakMb: Math.max(...sessions.map((session) => session.ingestorPeakMb)),
  };
}

async function main(): Promise<void> {
  const symbolCount = argument('--symbols', 5000);
  const years = argument('--years', 2);
  const repeat = argument('--repeat', 3);
  const concurrency = argument('--concurrency', 8);
  const loadAtStart = loadAverageText();
  const to = SIM_TODAY;
  const from = addDays(to, -365 * years);
  let sim: ProviderSimulator | undefined;
  let db: TestDatabase | undefined;
  let env: Record<string, string> = {};
  try {
    process.stderr.write('building the polygon-ingestor bundle...\n');
    execFileSync('npx', ['nx', 'build', 'polygon-ingestor', '--output-style=static'], { cwd: ROOT, stdio: 'ignore' });
    sim = await startProviderSimulator({ seed: 16, symbols: 10, today: SIM_TODAY });
    db = await createTestDatabase();
    process.stderr.write(`seeding ${symbolCount} symbols x ${from}..${to}...\n`);
    const bars = await seedTickerBars(db.dataSource, calendar, symbolCount, from, to);
    // Seeding leaves dirty pages; without this the first export shares the machine with their write-out.
    await db.dataSource.query('CHECKPOINT');
    const symbols = (
      (await db.dataSource.query(
        `SELECT symbol FROM data_ingestion.symbols WHERE status = 'active' ORDER BY symbol`,
      )) as { symbol: string }[]
    ).map((row) => row.symbol);
    env = ingestorEnv(sim, db, { SEED_INITIAL_SYMBOLS: 'false', ENABLE_HISTORICAL_BACKFILL: 'false' });
    process.stderr.write(`${thousands(bars)} bars stored\n`);

    const exportOf = (format: string) => measurePath(`export ${format}`, env, repeat, ['export', format, from, to]);
    const jsonOf = (keep: 'keep' | 'drop') =>
      measurePath(
        `GET /bars/:symbol x ${symbols.length} (${keep})`,
        env,
        1,
        ['json', from, to, String(concurrency), keep],
        `${symbols.join('\n')}\n`,
      );
    // Parquet, the headline, runs before and after the JSON paths: the load of a shared machine drifts over
    // the minutes those take, and the comparison must not sit on one side of the drift.
    const parquetBefore = await exportOf('parquet');
    const arrow = summarize(await exportOf('arrow'));
    const csv = summarize(await exportOf('csv'));
    const jsonKept = summarize(await jsonOf('keep'));
    const json = summarize(await jsonOf('drop'));
    const parquet = summarize(parquetBefore, await exportOf('parquet'));
    const paths = [
      ['export, Parquet', parquet],
      ['export, Arrow', arrow],
      ['export, CSV', csv],
      [`GET /bars/:symbol, ${concurrency} in flight, answers kept`, jsonKept],
      [`GET /bars/:symbol, ${concurrency} in flight, answers dropped`, json],
    ] as const;
    for (const [name, result] of paths) {
      if (result.rows !== bars) throw new Error(`${name} returned ${result.rows} bars, ${bars} are stored`);
    }

    const toData = (r: Measured) => (r.requests > 1 ? r.wallMs : r.wallMs + r.decodeMs);
    const lines = [
      `commit ${commit()}; load average at start: ${loadAtStart}; ${thousands(symbolCount)} symbols x ${years} years, ` +
        `${thousands(bars)} bars; exports: median of ${repeat} runs per format (Parquet: ${repeat} before and ` +
        `${repeat} after the JSON paths); JSON paths: once each; each path served by a fresh ingestor`,
      '',
      '| path | requests | wall s (to last byte) | decode s | to data s | speed-up over JSON dropped (to data) | MB received | bars | ingestor peak RSS MB (after start) | client peak RSS MB (received / decoded) |',
      '|---|---|---|---|---|---|---|---|---|---|',
    ];
    for (const [name, r] of paths) {
      lines.push(
        `| ${name} | ${thousands(r.requests)} | ${seconds(r.wallMs)} | ${seconds(r.decodeMs)} | ${seconds(toData(r))} | ` +
          `${(toData(json) / toData(r)).toFixed(1)}x | ${(r.bytes / 1e6).toFixed(1)} | ${thousands(r.rows)} | ` +
          `${mb(r.ingestorPeakMb)} (${mb(r.ingestorIdleMb)}) | ${mb(r.peakRssReceivedMb)} / ${mb(r.peakRssMb)} |`,
      );
    }
    lines.push(
      '',
      `wall: first request sent to last byte received (the JSON paths parse each answer in between: their decode is ` +
        `the sum of those JSON.parse calls, garbage collection included); to data: until the bars are in the ` +
        `client's memory (an export: + the polars reader). load average at end: ${loadAverageText()}`,
    );
    process.stdout.write(`${lines.join('\n')}\n`);

    const speedUp = toData(json) / toData(parquet);
    const figures: BenchFigure[] = [
      {
        figure: `export of ${thousands(symbolCount)} symbols x ${years} years (${thousands(bars)} bars) as Parquet over HTTP`,
        value: `${seconds(parquet.wallMs)} s, ${(parquet.bytes / 1e6).toFixed(1)} MB, ingestor peak RSS ${mb(parquet.ingestorPeakMb)} MB`,
        comparison: `GET /bars/:symbol x ${thousands(symbols.length)} (${concurrency} in flight, answers dropped): ${seconds(json.wallMs)} s, ${(json.bytes / 1e6).toFixed(1)} MB, ingestor peak RSS ${mb(json.ingestorPeakMb)} MB`,
        target: 'under 5 s for 2.5 M bars',
        met: parquet.wallMs < 5000,
      },
      {
        figure: 'export as Parquet: speed-up over the per-symbol JSON path (until the bars are in the client)',
        value: `${speedUp.toFixed(1)}x`,
        comparison: `Parquet ${seconds(toData(parquet))} s against JSON ${seconds(toData(json))} s (answers dropped; kept: ${seconds(toData(jsonKept))} s), ${thousands(bars)} bars each`,
        target: '>= 10x',
        met: speedUp >= 10,
      },
    ];
    reportBench(figures, lines.join('\n'));
  } finally {
    if (env['QUEUE_PREFIX']) await removeRedisKeys([`${env['QUEUE_PREFIX']}:*`, `${env['CACHE_KEY_PREFIX']}*`]);
    await db?.drop();
    await sim?.stop();
  }
}

main().catch((error: Error) => {
  process.stderr.write(`${error.stack}\n`);
  process.exit(1);
});
