import type { CallBudget } from '@mdi/domain';
import type { BackfillRunProgress } from '@mdi/storage';
import { durationText } from '../core/duration-text';
import type { QueueState } from './queue-state';

/**
 * Progress as /status, /backfill/runs and the CLI show it. ETA = remaining
 * calls at the budget, plus what is left of a queue pause. `waiting` says
 * why a running run is not moving right now (paused by a 429, calls delayed
 * until the provider has the data), so no view shows a bare "ETA 1s".
 */
export function progressView(
  run: BackfillRunProgress,
  budget: CallBudget,
  queue: QueueState | null = null,
  failedCalls: readonly { jobId: string; error: string | null }[] = [],
) {
  const running = run.status === 'running';
  const remainingCalls = run.plannedCalls - run.callsDone - run.callsFailed;
  const pauseSeconds = running && queue?.pause ? queue.pause.resumesInMs / 1000 : 0;
  const etaSeconds = running ? (remainingCalls / budget.calls) * (budget.windowMs / 1000) + pauseSeconds : 0;
  return {
    id: run.id,
    trigger: run.trigger,
    status: run.status,
    failureReason: run.failureReason,
    from: run.from,
    to: run.to,
    symbols: run.symbolCount,
    cells: { done: run.cellsDone, total: run.plannedCells },
    calls: { made: run.callsDone, failed: run.callsFailed, planned: run.plannedCalls },
    percent: run.plannedCells === 0 ? 100 : Math.floor((run.cellsDone / run.plannedCells) * 1000) / 10,
    etaSeconds,
    eta: durationText(etaSeconds),
    waiting: running ? waitingReason(queue) : null,
    failedCalls,
    createdAt: run.createdAt.toISOString(),
    finishedAt: run.finishedAt?.toISOString() ?? null,
  };
}

function waitingReason(queue: QueueState | null): string | null {
  if (queue === null) return null;
  if (queue.pause) return `queue paused: ${queue.pause.reason}; resumes in ${durationText(queue.pause.resumesInMs / 1000)}`;
  if (queue.ready === 0 && queue.delayed > 0) return `${queue.delayed} call(s) delayed until the provider has the data or its circuit closes`;
  return null;
}
