/**
 * From `npm start` to every service ready, and to the initial backfill of
 * 100 symbols x 2 years complete, in simulator mode: a clean clone of HEAD
 * (node_modules linked, so no install is timed), a scratch database, free
 * ports, own Redis prefixes (tools/local-run's test support). Each run is a
 * fresh clone and database; times are read from when npm start's lines appear.
 *
 *   SWC_NODE_PROJECT=tsconfig.base.json node -r @swc-node/register bench/npm-start.bench.ts [--runs=2]
 */
import { loadavg } from 'node:os';
import { reportBench, type BenchFigure } from './bench-report';
import { npmStart, prepareLocalSystem } from '../tools/local-run/src/test-support/local-system';

async function once(): Promise<{ readyS: number; backfillS: number; fromReadyS: number; calls: string }> {
  const setup = await prepareLocalSystem();
  const system = npmStart(setup);
  try {
    const ready = await system.waitForLine(/^== ready after /, 15 * 60_000);
    const complete = await system.waitForLine(/^== initial backfill complete: /, 5 * 60_000);
    return {
      readyS: (ready.at - system.startedAt) / 1000,
      backfillS: (complete.at - system.startedAt) / 1000,
      fromReadyS: (complete.at - ready.at) / 1000,
      calls: /complete: (\d+ calls, [\d,]+ cells)/.exec(complete.line)?.[1] ?? '?',
    };
  } finally {
    await system.interrupt(60_000).catch(() => undefined);
    await setup.remove();
  }
}

async function main(): Promise<void> {
  const runs = Number(/^--runs=(\d+)$/.exec(process.argv.find((a) => a.startsWith('--runs=')) ?? '')?.[1] ?? 1);
  const load = () =>
    loadavg()
      .map((l) => l.toFixed(2))
      .join(' / ');
  const lines = [
    `npm start in simulator mode, ${runs} run(s); load average at start ${load()}`,
    '',
    '| run | to ready (s) | to backfill complete (s) | ready to complete (s) | stored |',
    '|---|---|---|---|---|',
  ];
  console.log(lines.join('\n'));
  const results: Awaited<ReturnType<typeof once>>[] = [];
  for (let run = 1; run <= runs; run++) {
    const r = await once();
    results.push(r);
    lines.push(
      `| ${run} | ${r.readyS.toFixed(1)} | ${r.backfillS.toFixed(1)} | ${r.fromReadyS.toFixed(1)} | ${r.calls} |`,
    );
    console.log(lines[lines.length - 1]);
  }
  lines.push('', `load average at end ${load()}`);
  console.log(lines[lines.length - 1]);
  const slowest = (key: 'readyS' | 'fromReadyS') => Math.max(...results.map((r) => r[key]));
  const figures: BenchFigure[] = [
    {
      figure: 'npm start (simulator mode): to every service ready',
      value: `${slowest('readyS').toFixed(1)} s (slowest of ${runs})`,
      comparison: 'clean clone, node_modules linked, build included',
      target: 'about 3 minutes (180 s)',
      met: slowest('readyS') <= 180,
    },
    {
      figure: 'npm start: ready to 100 symbols x 2 years stored',
      value: `${slowest('fromReadyS').toFixed(1)} s (${results[0].calls})`,
      comparison: 'the same plan at the real budget: 100 calls at 4 calls/min, 25 min',
      target: 'about a minute (60 s)',
      met: slowest('fromReadyS') <= 60,
    },
  ];
  reportBench(figures, lines.join('\n'));
}

main().catch((error: Error) => {
  console.error(error.message);
  process.exit(1);
});
