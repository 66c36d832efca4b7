/**
 * What one benchmark hands to `npm run bench` (bench/run-all.ts): its headline
 * figures, each with its target and the comparison measured in the same run,
 * and its full table as printed. Written only when the runner asks for it
 * (BENCH_RESULT_FILE), so a bench run by hand just prints.
 */
import { writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';

export interface BenchFigure {
  /** What was measured, e.g. "upsert of plain objects, 500,000 rows". */
  readonly figure: string;
  readonly value: string;
  /** The same-run comparison, e.g. "COPY 190,684 rows/s (71%)". */
  readonly comparison: string;
  readonly target: string;
  /** Whether the target is met; null where it can only be judged on a quiet machine or by a person. */
  readonly met: boolean | null;
}

export interface BenchResult {
  readonly figures: readonly BenchFigure[];
  /** The bench's own table(s), Markdown, as printed. */
  readonly details: string;
  readonly loadAverageAtEnd: readonly number[];
}

export const loadAverageText = (load: readonly number[] = loadavg()) => load.map((l) => l.toFixed(2)).join(' / ');

export function reportBench(figures: readonly BenchFigure[], details: string): void {
  const file = process.env['BENCH_RESULT_FILE'];
  if (!file) return;
  const result: BenchResult = { figures, details, loadAverageAtEnd: loadavg() };
  writeFileSync(file, JSON.stringify(result));
}

export const thousands = (n: number) => Math.round(n).toLocaleString('en-US');
