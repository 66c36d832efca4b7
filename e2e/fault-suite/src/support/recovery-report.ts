import { appendFileSync } from 'node:fs';

/**
 * One line per case, printed by the case and again together at the end of its file; `npm run bench`
 * (bench/run-all.ts) sets FAULT_SUITE_RECOVERY_FILE and gets each case as a JSON line for bench/RESULTS.md.
 */
export interface RecoveryTimes {
  readonly case: string;
  /** Fault cleared (process restarted, server back, rules removed) to every health probe green. */
  readonly toGreenMs: number;
  /** Fault cleared to the stored data equal to the expected set. */
  readonly toCompleteMs: number;
  readonly note?: string;
}

const recorded: RecoveryTimes[] = [];

const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;

export function recordRecovery(times: RecoveryTimes): void {
  recorded.push(times);
  const file = process.env['FAULT_SUITE_RECOVERY_FILE'];
  if (file) appendFileSync(file, `${JSON.stringify(times)}\n`);
  console.info(
    `[fault-suite] ${times.case}: fault cleared -> health green ${seconds(times.toGreenMs)}, -> data complete ${seconds(times.toCompleteMs)}${times.note ? ` (${times.note})` : ''}`,
  );
}

export function printRecoveryTable(): void {
  if (recorded.length === 0) return;
  const lines = recorded.map(
    (t) =>
      `  ${t.case}: green ${seconds(t.toGreenMs)}, complete ${seconds(t.toCompleteMs)}${t.note ? ` (${t.note})` : ''}`,
  );
  console.info(`[fault-suite] recovery times\n${lines.join('\n')}`);
}
