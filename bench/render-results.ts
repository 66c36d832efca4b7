/** bench/RESULTS.md from one `npm run bench`: a summary of every figure against its target, then each bench's own tables. */
import { RECOVERY_TARGETS, type BenchDefinition } from './bench-catalog';
import { loadAverageText, type BenchResult } from './bench-report';
import type { Machine } from './machine';

export interface BenchOutcome {
  readonly bench: BenchDefinition;
  readonly seconds: number;
  readonly loadAtStart: readonly number[];
  readonly loadAtEnd: readonly number[];
  readonly result: BenchResult | null;
  readonly failure: string | null;
}

export interface RecoveryRow {
  readonly case: string;
  readonly toGreenMs: number;
  readonly toCompleteMs: number;
  readonly note?: string;
}

export interface RunSummary {
  readonly startedAt: Date;
  readonly finishedAt: Date;
  readonly machine: Machine;
  readonly outcomes: readonly BenchOutcome[];
  readonly faultSuite: {
    rows: readonly RecoveryRow[];
    failure: string | null;
    seconds: number;
    loadAtStart: readonly number[];
    loadAtEnd: readonly number[];
  } | null;
  readonly partial: boolean;
  readonly selection: readonly string[];
}

const cell = (text: string) => text.replace(/\|/g, '\\|').replace(/\n/g, ' ');
const verdict = (met: boolean | null) => (met === true ? 'met' : met === false ? '**not met**' : 'not judged here');
const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;
const load = (start: readonly number[], end: readonly number[]) =>
  `${loadAverageText(start)} -> ${loadAverageText(end)}`;

function summaryTable(summary: RunSummary): string[] {
  const lines = [
    '| bench | figure | value | target | same-run comparison | target met | load average (1/5/15 min, start -> end) |',
    '|---|---|---|---|---|---|---|',
  ];
  for (const outcome of summary.outcomes) {
    const loadText = load(outcome.loadAtStart, outcome.loadAtEnd);
    if (outcome.failure || !outcome.result) {
      lines.push(
        `| ${outcome.bench.name} | - | **FAILED: ${cell(outcome.failure ?? 'no result')}** | - | - | - | ${loadText} |`,
      );
      continue;
    }
    for (const f of outcome.result.figures) {
      lines.push(
        `| ${outcome.bench.name} | ${cell(f.figure)} | ${cell(f.value)} | ${cell(f.target)} | ${cell(f.comparison)} | ${verdict(f.met)} | ${loadText} |`,
      );
    }
  }
  return lines;
}

function recoverySection(faultSuite: NonNullable<RunSummary['faultSuite']>): string[] {
  const lines = [
    '## Fault suite: recovery times',
    '',
    `e2e/fault-suite, every case, ${faultSuite.seconds.toFixed(0)} s, load average ${load(faultSuite.loadAtStart, faultSuite.loadAtEnd)}.` +
      ' "Green" is from the fault cleared (process restarted, server back, fault rules removed) to every health probe green;' +
      ' "complete" to the stored bars, coverage ledger and fills equal to the expected set. Each case asserts its own bounds, so a listed case met them.',
    '',
  ];
  if (faultSuite.failure) lines.push(`**FAILED: ${faultSuite.failure}**`, '');
  lines.push(
    '| case | fault cleared -> health green | fault cleared -> data complete | target | notes |',
    '|---|---|---|---|---|',
  );
  for (const row of faultSuite.rows) {
    const target = RECOVERY_TARGETS.find((t) => t.match.test(row.case))?.target ?? '-';
    lines.push(
      `| ${cell(row.case)} | ${seconds(row.toGreenMs)} | ${seconds(row.toCompleteMs)} | ${cell(target)} | ${cell(row.note ?? '')} |`,
    );
  }
  return lines;
}

export function renderResults(summary: RunSummary): string {
  const { machine } = summary;
  const minutes = ((summary.finishedAt.getTime() - summary.startedAt.getTime()) / 60_000).toFixed(1);
  const lines = [
    '# Benchmark results',
    '',
    'Written by `npm run bench` (bench/run-all.ts); do not edit by hand. What each bench measures and how to read it: [README.md](README.md).',
    '',
    `- Run: ${summary.startedAt.toISOString()} to ${summary.finishedAt.toISOString()} (${minutes} min), commit ${machine.commit}`,
    `- Machine: ${machine.cpu}, ${machine.memory}, ${machine.os}; Node ${machine.node}, PostgreSQL ${machine.postgres}, Redis ${machine.redis}`,
    '- Benches run one at a time; a figure is only as quiet as the load average next to it (2 cores: above ~1 the machine is busy).',
  ];
  if (summary.partial) lines.push(`- **Partial run**: only ${summary.selection.join(', ')}.`);
  lines.push('', '## Summary', '', ...summaryTable(summary));
  if (summary.faultSuite) lines.push('', ...recoverySection(summary.faultSuite));
  for (const outcome of summary.outcomes) {
    lines.push(
      '',
      `## ${outcome.bench.name}`,
      '',
      `${outcome.bench.what.charAt(0).toUpperCase()}${outcome.bench.what.slice(1)}. \`${outcome.bench.script}\`, ${outcome.seconds.toFixed(0)} s, load average ${load(outcome.loadAtStart, outcome.loadAtEnd)}.`,
      '',
    );
    lines.push(
      outcome.result
        ? outcome.result.details
        : `**FAILED: ${outcome.failure}** (its output is on the console of the run).`,
    );
  }
  return `${lines.join('\n')}\n`;
}
