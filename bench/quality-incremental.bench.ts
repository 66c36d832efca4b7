/**
 * Incremental quality runs: at each size, a full run (batched, it writes the
 * baseline) and today's whole-history loader (every bar in one frame), then
 * one new session written for every symbol (as end-of-day does, in one
 * transaction) and an incremental run, `--sessions` times in one process (a
 * running service's: its first incremental run is reported apart, the later
 * ones' median is the figure); at the end a full run over the same data must
 * give the same findings as the last incremental run. Wall time and peak RSS,
 * each kind of run in its own child process.
 * Data is generated in PostgreSQL (apps/quality-service's seedBenchBars).
 *
 *   SWC_NODE_PROJECT=tsconfig.base.json node -r @swc-node/register bench/quality-incremental.bench.ts [--sizes 5000x2,10000x5] [--sessions 4] [--batch 1000]
 */
import 'reflect-metadata';
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { addDays, type IsoDate, type QualityFinding, UsEquityCalendar } from '@mdi/domain';
import { createDataSourceOptions, createTemporaryDatabase } from '@mdi/storage';
import { DataSource } from 'typeorm';
import { DEFAULT_QUALITY_BATCH_SYMBOLS, QualityRunner } from '../apps/quality-service/src/quality/run/quality-runner';
import { seedBenchBars } from '../apps/quality-service/src/test-support/bench-seed';
import { loadAverageText, reportBench, thousands, type BenchFigure } from './bench-report';
import { median } from './median';

const calendar = new UsEquityCalendar();
/** Longer than the sessions the bench appends span (weekends and holidays included). */
const FULL_RUN_INTERVAL_MS = 30 * 86_400_000;
const ADMIN_URL = process.env['TEST_DATABASE_ADMIN_URL'] || 'postgres://postgres@127.0.0.1:5432/postgres';
const KINDS = ['full', 'whole', 'incremental', 'check'] as const;
type Kind = (typeof KINDS)[number];

interface ChildResult {
  kind: Kind;
  wallMs: number;
  peakRssMb: number;
  mode: string;
  barsLoaded: number;
  barsChecked: number;
  findings: number;
  digest: string;
}

const digest = (findings: readonly QualityFinding[]) =>
  createHash('sha1')
    .update(findings.map((f) => `${f.code} ${f.symbol} ${f.date} ${f.detail}`).join('\n'))
    .digest('hex')
    .slice(0, 12);

/**
 * full: a stored full run in batches; whole: every bar at once, not stored; check: a full run, not stored;
 * incremental: for each of `sessions` after the first (each following the one before), one new session written
 * for every symbol, then a stored incremental run on that session's evening, all in one process, as a running
 * service meets them: the first run is its process's first, the later ones are not.
 */
async function child(
  kind: Kind,
  url: string,
  now: Date,
  batchSymbols: number,
  sessions: IsoDate[],
): Promise<ChildResult[]> {
  const dataSource = new DataSource(createDataSourceOptions(url, { poolSize: 2 }));
  await dataSource.initialize();
  try {
    if (kind !== 'incremental') return [await runOnce(kind, dataSource, now, batchSymbols)];
    const results: ChildResult[] = [];
    for (let i = 1; i < sessions.length; i++) {
      await appendSession(dataSource, sessions[i - 1], sessions[i]);
      results.push(await runOnce(kind, dataSource, eveningOf(sessions[i]), batchSymbols));
    }
    return results;
  } finally {
    await dataSource.destroy();
  }
}

/**
 * The clock of a run after `session` was written: its evening, New York time
 * (23:30 UTC), after the close and the end-of-day update, as a scheduled
 * incremental run meets it. A clock ahead of the data would make every symbol
 * stale and every run store those findings too.
 */
function eveningOf(session: IsoDate): Date {
  return new Date(`${session}T23:30:00Z`);
}

async function runOnce(kind: Kind, dataSource: DataSource, now: Date, batchSymbols: number): Promise<ChildResult> {
  {
    const runner = new QualityRunner(
      dataSource,
      calendar,
      {
        maxMissingRatio: 0.05,
        anomalyDetection: true,
        batchSymbols: kind === 'whole' ? Number.POSITIVE_INFINITY : batchSymbols,
        checksRevision: 'bench',
        // The runs' clocks move a session a run; the daily full run (QUALITY_FULL_RUN_INTERVAL) is not what is measured.
        fullRunIntervalMs: FULL_RUN_INTERVAL_MS,
      },
      () => now,
    );
    const t0 = performance.now();
    const { report, stored, barsLoaded } = await runner.run('command', {
      mode: kind === 'incremental' ? 'incremental' : 'full',
      store: kind === 'full' || kind === 'incremental',
    });
    return {
      kind,
      wallMs: performance.now() - t0,
      peakRssMb: process.resourceUsage().maxRSS / 1024,
      mode: stored.mode ?? '?',
      barsLoaded,
      barsChecked: stored.barsChecked,
      findings: report.findings.length,
      digest: digest(report.findings),
    };
  }
}

function runChild(kind: Kind, url: string, now: Date, batchSymbols: number, sessions: IsoDate[] = []): ChildResult[] {
  const out = execFileSync(
    process.execPath,
    [
      '-r',
      '@swc-node/register',
      __filename,
      '--child',
      kind,
      url,
      now.toISOString(),
      String(batchSymbols),
      sessions.join(','),
    ],
    {
      env: { ...process.env, SWC_NODE_PROJECT: process.env['SWC_NODE_PROJECT'] ?? 'tsconfig.base.json' },
      encoding: 'utf8',
      maxBuffer: 16 * 1024 * 1024,
    },
  );
  const results = JSON.parse(out.trim().split('\n').pop() as string) as ChildResult[];
  for (const result of results) {
    process.stderr.write(
      `  ${kind}: ${(result.wallMs / 1000).toFixed(2)} s, ${result.peakRssMb.toFixed(0)} MB, ${thousands(result.barsLoaded)} bars read (${result.mode})\n`,
    );
  }
  return results;
}

/**
 * One new bar per symbol on `session`, in one transaction like end-of-day: opening at the session before's
 * close, moving up to 1% either way, high and low around both, a clean bar (the seeded history holds the
 * planted defects; a new session of real data rarely adds one, and each finding costs every run its storage).
 */
async function appendSession(dataSource: DataSource, previous: IsoDate, session: IsoDate): Promise<void> {
  await dataSource.query(
    `INSERT INTO data_ingestion.market_data (symbol, timestamp, open, high, low, close, volume, source)
     SELECT symbol, ($2::date::timestamp AT TIME ZONE 'America/New_York'), o, round(GREATEST(o, c) * 1.003, 6),
            round(LEAST(o, c) * 0.997, 6), c, volume, source
       FROM (SELECT symbol, close AS o, round(close * (0.99 + random() * 0.02)::numeric, 6) AS c, volume, source
               FROM data_ingestion.market_data
              WHERE timestamp = ($1::date::timestamp AT TIME ZONE 'America/New_York')) AS previous`,
    [previous, session],
  );
}

function argument(name: string, fallback: string): string {
  const index = process.argv.indexOf(name);
  return index > 0 ? process.argv[index + 1] : fallback;
}

const seconds = (ms: number) => `${(ms / 1000).toFixed(2)} s`;

async function main(): Promise<void> {
  const sizes = argument('--sizes', '5000x2,10000x5')
    .split(',')
    .map((size) => size.split('x').map(Number));
  const sessions = Number(argument('--sessions', '4'));
  const batchSymbols = Number(argument('--batch', String(DEFAULT_QUALITY_BATCH_SYMBOLS)));
  for (const value of [sessions, batchSymbols, ...sizes.flat()]) {
    if (!Number.isInteger(value) || value < 1) throw new Error(`expected positive whole numbers, got ${value}`);
  }
  if (sessions < 2) throw new Error("--sessions must be at least 2: the first incremental run is its process's first");
  const now = new Date();
  const last = calendar.lastCompletedSession(now).date;
  const appended = calendar
    .sessionsBetween(addDays(last, -20), last)
    .map((s) => s.date)
    .slice(-sessions);
  const seededTo = calendar.previousSession(appended[0]).date;
  const db = await createTemporaryDatabase({ adminUrl: ADMIN_URL, prefix: 'mdi_bench_incremental' });
  const figures: BenchFigure[] = [];
  const lines = [
    `load average at start: ${loadAverageText()}; ${batchSymbols} symbols per batch; an incremental run after each of ${sessions} sessions written for every symbol, all in one process`,
    '',
    '| symbols x years | bars | run | wall s | peak RSS MB | bars read | findings |',
    '|---|---|---|---|---|---|---|',
  ];
  try {
    for (const [symbols, years] of sizes) {
      process.stderr.write(`seeding ${symbols} symbols x ${years} years...\n`);
      const bars = await seedBenchBars(db.dataSource, calendar, symbols, addDays(seededTo, -365 * years), seededTo);
      await db.dataSource.query('CHECKPOINT');
      const [full] = runChild('full', db.url, eveningOf(seededTo), batchSymbols);
      const [whole] = runChild('whole', db.url, eveningOf(seededTo), batchSymbols);
      if (whole.digest !== full.digest) throw new Error('the batched and whole-history runs disagree');
      const incrementals = runChild('incremental', db.url, now, batchSymbols, [seededTo, ...appended]);
      const [check] = runChild('check', db.url, eveningOf(appended[appended.length - 1]), batchSymbols);
      const lastIncremental = incrementals[incrementals.length - 1];
      if (incrementals.some((r) => r.mode !== 'incremental')) throw new Error('an incremental run checked everything');
      if (check.digest !== lastIncremental.digest || check.barsChecked !== lastIncremental.barsChecked) {
        throw new Error(`incremental and full reports differ: ${lastIncremental.digest} vs ${check.digest}`);
      }
      const [first, ...later] = incrementals;
      const incremental = {
        wallMs: median(later.map((r) => r.wallMs)),
        peakRssMb: Math.max(...incrementals.map((r) => r.peakRssMb)),
        barsLoaded: median(later.map((r) => r.barsLoaded)),
      };
      const laterText = later.map((r) => (r.wallMs / 1000).toFixed(2)).join(', ');
      const label = `${thousands(symbols)} x ${years}`;
      for (const [run, r] of [
        ['full, batched (writes the baseline)', full],
        ['full, whole history at once', whole],
        ['incremental after one session, the first run of a fresh process', first],
        [
          `incremental after one session, in a running process (median of ${laterText})`,
          { ...lastIncremental, ...incremental },
        ],
        ['full, after the sessions (same findings)', check],
      ] as const) {
        lines.push(
          `| ${label} | ${thousands(bars)} | ${run} | ${(r.wallMs / 1000).toFixed(2)} | ${r.peakRssMb.toFixed(0)} | ${thousands(r.barsLoaded)} | ${r.findings} |`,
        );
      }
      const large = bars >= 10_000_000;
      figures.push(
        {
          figure: `incremental quality run after one session, ${label} years (${thousands(bars)} bars)`,
          value: `${seconds(incremental.wallMs)} in a running process (${seconds(first.wallMs)} as a fresh process's first run), peak RSS ${incremental.peakRssMb.toFixed(0)} MB, ${thousands(incremental.barsLoaded)} bars read`,
          comparison: `full run ${seconds(full.wallMs)} (${full.peakRssMb.toFixed(0)} MB); whole-history loader ${seconds(whole.wallMs)} (${whole.peakRssMb.toFixed(0)} MB)`,
          target: large ? 'under 1 s at 12.5 M bars' : '-',
          met: large ? incremental.wallMs < 1000 : null,
        },
        {
          figure: `full quality run in batches of ${thousands(batchSymbols)}, ${label} years: peak memory`,
          value: `${full.peakRssMb.toFixed(0)} MB, ${seconds(full.wallMs)}`,
          comparison: `whole-history loader ${whole.peakRssMb.toFixed(0)} MB, ${seconds(whole.wallMs)}`,
          target: 'under 1 GB at any size',
          met: full.peakRssMb < 1024,
        },
      );
      process.stderr.write(`${lines.slice(-5).join('\n')}\n`);
    }
  } finally {
    await db.drop();
  }
  lines.push('', `load average at end: ${loadAverageText()}`);
  process.stdout.write(`${lines.join('\n')}\n`);
  reportBench(figures, lines.join('\n'));
}

if (process.argv[2] === '--child') {
  const sessions = (process.argv[7] ?? '').split(',').filter((date) => date !== '') as IsoDate[];
  child(process.argv[3] as Kind, process.argv[4], new Date(process.argv[5]), Number(process.argv[6]), sessions).then(
    (result) => process.stdout.write(`${JSON.stringify(result)}\n`),
    (error: Error) => {
      process.stderr.write(`${error.stack}\n`);
      process.exit(1);
    },
  );
} else {
  main().catch((error: Error) => {
    process.stderr.write(`${error.stack}\n`);
    process.exit(1);
  });
}
