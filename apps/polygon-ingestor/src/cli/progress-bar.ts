/** What the CLI draws from GET /backfill/runs/:id. */
export interface RunProgress {
  readonly id: number;
  readonly status: string;
  readonly failureReason?: string | null;
  readonly cells: { done: number; total: number };
  readonly calls: { made: number; failed?: number; planned: number };
  readonly percent: number;
  readonly eta: string;
  /** Why a running run is not moving right now (a paused queue, delayed calls). */
  readonly waiting?: string | null;
  /** Why a running run has finished no call for too long. */
  readonly stalled?: string | null;
  readonly failedCalls?: readonly { jobId: string; error: string | null }[];
}

const WIDTH = 30;

/**
 * `[#########.....................]  30.0%  cells 15030/50100  calls 30/100  ETA 17s`; while the queue
 * is paused the ETA gives way to why (`paused: polygon answered 429 (rate limited); resumes in 42s`).
 */
export function progressLine(run: RunProgress): string {
  const filled = Math.round((Math.min(100, run.percent) / 100) * WIDTH);
  const bar = `${'#'.repeat(filled)}${'.'.repeat(WIDTH - filled)}`;
  const failed = run.calls.failed ? ` (${run.calls.failed} failed)` : '';
  const state =
    run.status !== 'running'
      ? run.status
      : run.stalled
        ? `STALLED: ${run.stalled}`
        : run.waiting
          ? `waiting: ${run.waiting}`
          : `ETA ${run.eta}`;
  return `[${bar}] ${run.percent.toFixed(1).padStart(5)}%  cells ${run.cells.done}/${run.cells.total}  calls ${run.calls.made}/${run.calls.planned}${failed}  ${state}`;
}

/** The verdict of a finished run, as the last lines the CLI prints (done runs print nothing more). */
export function verdictLines(run: RunProgress): string[] {
  if (run.status === 'done') return [];
  return [
    `run ${run.id} ${run.status}: ${run.failureReason ?? 'no reason recorded'}`,
    ...(run.failedCalls ?? []).map((c) => `  - ${c.jobId}: ${c.error ?? 'no reason recorded'}`),
  ];
}
