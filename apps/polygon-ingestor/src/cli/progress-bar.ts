/** What the CLI draws from GET /backfill/runs/:id. */
export interface RunProgress {
  readonly id: number;
  readonly status: string;
  readonly cells: { done: number; total: number };
  readonly calls: { made: number; planned: number };
  readonly percent: number;
  readonly eta: string;
}

const WIDTH = 30;

/** `[#########.....................]  30.0%  cells 15030/50100  calls 30/100  ETA 17s` */
export function progressLine(run: RunProgress): string {
  const filled = Math.round((Math.min(100, run.percent) / 100) * WIDTH);
  const bar = `${'#'.repeat(filled)}${'.'.repeat(WIDTH - filled)}`;
  const eta = run.status === 'done' ? 'done' : `ETA ${run.eta}`;
  return `[${bar}] ${run.percent.toFixed(1).padStart(5)}%  cells ${run.cells.done}/${run.cells.total}  calls ${run.calls.made}/${run.calls.planned}  ${eta}`;
}
