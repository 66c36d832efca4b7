import type { CallBudget } from '@mdi/domain';
import type { BackfillRunProgress } from '@mdi/storage';
import { durationText } from '../core/duration-text';
import type { QueueState } from './queue-state';

/** What a progress view is measured against: the call budget, and when a run without progress counts as stalled. */
export interface ProgressContext {
  readonly budget: CallBudget;
  /** BACKFILL_STALL_AFTER_MS. */
  readonly stallAfterMs: number;
  readonly now?: number;
}

/**
 * Progress as /status, /backfill/runs and the CLI show it. ETA = remaining
 * calls at the budget, plus what is left of a queue pause. `waiting` says
 * why a running run is not moving right now (paused by a 429 or a storage
 * outage, calls delayed until the provider has the data), so no view shows a
 * bare "ETA 1s". `state` is the one-line truth: `running`, `stalled: <why>`
 * (no call finished for longer than stallAfterMs), `done`, `partial: <why>`
 * or `failed: <why>`.
 */
export function progressView(
  run: BackfillRunProgress,
  context: ProgressContext,
  queue: QueueState | null = null,
  failedCalls: readonly { jobId: string; error: string | null }[] = [],
) {
  const { budget } = context;
  const running = run.status === 'running';
  const stalled = running ? stallReason(run, context, queue) : null;
  const remainingCalls = run.plannedCalls - run.callsDone - run.callsFailed;
  const pauseSeconds = running && queue?.pause ? queue.pause.resumesInMs / 1000 : 0;
  const etaSeconds = running ? (remainingCalls / budget.calls) * (budget.windowMs / 1000) + pauseSeconds : 0;
  return {
    id: run.id,
    trigger: run.trigger,
    status: run.status,
    state: stalled
      ? `stalled: ${stalled}`
      : run.status === 'running' || run.status === 'done'
        ? run.status
        : `${run.status}: ${run.failureReason ?? 'no reason recorded'}`,
    stalled,
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
    lastProgressAt: run.lastProgressAt.toISOString(),
  };
}

function stallReason(run: BackfillRunProgress, context: ProgressContext, queue: QueueState | null): string | null {
  const idleMs = (context.now ?? Date.now()) - run.lastProgressAt.getTime();
  if (idleMs <= context.stallAfterMs) return null;
  return `no call finished for ${durationText(idleMs / 1000)}; ${stallCause(queue)}`;
}

function stallCause(queue: QueueState | null): string {
  if (queue === null) return 'the queue (Redis) does not answer';
  if (queue.pause) return `queue paused: ${queue.pause.reason}`;
  if (queue.ready + queue.delayed === 0)
    return 'no queue holds its pending calls (lost from Redis; the reconciler enqueues them again)';
  if (queue.ready === 0)
    return `${queue.delayed} call(s) delayed (provider data not published yet, an open circuit or a retry backoff)`;
  return `${queue.ready} call(s) queued but none finishes (is a worker running?)`;
}

function waitingReason(queue: QueueState | null): string | null {
  if (queue === null) return null;
  if (queue.pause)
    return `queue paused: ${queue.pause.reason}; resumes in ${durationText(queue.pause.resumesInMs / 1000)}`;
  if (queue.ready === 0 && queue.delayed > 0)
    return `${queue.delayed} call(s) delayed until the provider has the data or its circuit closes`;
  return null;
}
