/**
 * `npm run bench`: every benchmark in bench/ one after the other (never two at
 * once: each is measured on the whole machine), then the fault suite for its
 * recovery times, and bench/RESULTS.md written from what they reported: each
 * figure with its target and its same-run comparison, the load average around
 * each bench, and the machine.
 *
 *   npm run bench [-- --only=bulk-upsert,quality-run] [-- --skip=fault-suite] [-- --out=bench/RESULTS.md]
 *
 * A bench that fails is reported as failed in RESULTS.md and makes the run
 * exit 1 after the others have run; a partial selection (--only, --skip)
 * says so at the top of the file.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { BENCHES, FAULT_SUITE, type BenchDefinition } from './bench-catalog';
import { loadAverageText, type BenchResult } from './bench-report';
import { describeMachine } from './machine';
import { renderResults, type BenchOutcome, type RecoveryRow } from './render-results';

const ROOT = resolve(__dirname, '..');

function option(name: string): string | undefined {
  return process.argv.find((a) => a.startsWith(`--${name}=`))?.slice(name.length + 3);
}

function selected(): { names: string[]; partial: boolean } {
  const known = [...BENCHES.map((b) => b.name), FAULT_SUITE.name];
  const only = option('only')?.split(',').filter(Boolean);
  const skip = option('skip')?.split(',').filter(Boolean) ?? [];
  for (const name of [...(only ?? []), ...skip]) {
    if (!known.includes(name)) {
      console.error(`unknown benchmark "${name}"; known: ${known.join(', ')}`);
      process.exit(2);
    }
  }
  const names = known.filter((n) => (only ? only.includes(n) : true) && !skip.includes(n));
  return { names, partial: names.length !== known.length };
}

/** Runs one command with the console attached (a bench's progress is worth watching); resolves with its exit code. */
function run(command: string, args: readonly string[], env: Record<string, string>): Promise<number> {
  return new Promise((done) => {
    const child = spawn(command, args, {
      cwd: ROOT,
      env: { ...process.env, ...env },
      stdio: ['ignore', 'inherit', 'inherit'],
    });
    child.once('error', (error) => {
      console.error(`cannot start ${command}: ${error.message}`);
      done(127);
    });
    child.once('exit', (code, signal) => done(code ?? (signal ? 128 : 1)));
  });
}

async function runBench(bench: BenchDefinition, scratch: string): Promise<BenchOutcome> {
  const resultFile = join(scratch, `${bench.name}.json`);
  const loadAtStart = loadavg();
  const started = performance.now();
  console.log(`\n== ${bench.name}: ${bench.what}`);
  const code = await run(process.execPath, ['-r', '@swc-node/register', bench.script, ...bench.args], {
    SWC_NODE_PROJECT: 'tsconfig.base.json',
    BENCH_RESULT_FILE: resultFile,
    ...bench.env,
  });
  const seconds = (performance.now() - started) / 1000;
  const result = existsSync(resultFile) ? (JSON.parse(readFileSync(resultFile, 'utf8')) as BenchResult) : null;
  const failure =
    code !== 0 ? `exited with code ${code}` : result === null ? 'finished without reporting its figures' : null;
  console.log(
    `== ${bench.name}: ${failure ?? 'done'} in ${seconds.toFixed(0)} s, load average ${loadAverageText(loadAtStart)} -> ${loadAverageText()}`,
  );
  return { bench, seconds, loadAtStart, loadAtEnd: loadavg(), result, failure };
}

async function runFaultSuite(scratch: string): Promise<{
  rows: RecoveryRow[];
  failure: string | null;
  seconds: number;
  loadAtStart: number[];
  loadAtEnd: number[];
}> {
  const file = join(scratch, 'recovery.jsonl');
  const loadAtStart = loadavg();
  const started = performance.now();
  console.log(`\n== ${FAULT_SUITE.name}: ${FAULT_SUITE.what}`);
  const code = await run(
    process.execPath,
    [require.resolve('jest/bin/jest'), '-c', 'e2e/fault-suite/jest.config.cts'],
    { FAULT_SUITE_RECOVERY_FILE: file },
  );
  const seconds = (performance.now() - started) / 1000;
  const rows = existsSync(file)
    ? readFileSync(file, 'utf8')
        .split('\n')
        .filter(Boolean)
        .map((line) => JSON.parse(line) as RecoveryRow)
    : [];
  const failure =
    code !== 0
      ? `exited with code ${code} (a case failed: its recovery times are not all listed)`
      : rows.length === 0
        ? 'reported no recovery times'
        : null;
  console.log(`== ${FAULT_SUITE.name}: ${failure ?? 'done'} in ${seconds.toFixed(0)} s`);
  return { rows, failure, seconds, loadAtStart, loadAtEnd: loadavg() };
}

async function main(): Promise<void> {
  const { names, partial } = selected();
  const out = resolve(ROOT, option('out') ?? 'bench/RESULTS.md');
  const scratch = mkdtempSync(join(tmpdir(), 'mdi-bench-'));
  const startedAt = new Date();
  const machine = await describeMachine();
  console.log(`npm run bench: ${names.join(', ')}; results go to ${out}`);
  try {
    const outcomes: BenchOutcome[] = [];
    for (const bench of BENCHES.filter((b) => names.includes(b.name))) outcomes.push(await runBench(bench, scratch));
    const faultSuite = names.includes(FAULT_SUITE.name) ? await runFaultSuite(scratch) : null;
    writeFileSync(
      out,
      renderResults({ startedAt, finishedAt: new Date(), machine, outcomes, faultSuite, partial, selection: names }),
    );
    const failed = [
      ...outcomes.filter((o) => o.failure).map((o) => o.bench.name),
      ...(faultSuite?.failure ? [FAULT_SUITE.name] : []),
    ];
    console.log(`\nwrote ${out}${failed.length ? `; FAILED: ${failed.join(', ')}` : ''}`);
    if (failed.length) process.exitCode = 1;
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}

main().catch((error: Error) => {
  console.error(`npm run bench failed: ${error.stack ?? error.message}`);
  process.exit(1);
});
