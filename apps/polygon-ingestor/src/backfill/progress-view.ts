import type { CallBudget } from '@mdi/domain';
import type { BackfillRunProgress } from '@mdi/storage';
import { durationText } from '../core/duration-text';

/** Progress as /status, /backfill/runs and the CLI show it; ETA = remaining calls at the budget. */
export function progressView(run: BackfillRunProgress, budget: CallBudget) {
  const remainingCalls = run.plannedCalls - run.callsDone;
  const etaSeconds = run.status === 'done' ? 0 : (remainingCalls / budget.calls) * (budget.windowMs / 1000);
  return {
    id: run.id,
    trigger: run.trigger,
    status: run.status,
    from: run.from,
    to: run.to,
    symbols: run.symbolCount,
    cells: { done: run.cellsDone, total: run.plannedCells },
    calls: { made: run.callsDone, planned: run.plannedCalls },
    percent: run.plannedCells === 0 ? 100 : Math.floor((run.cellsDone / run.plannedCells) * 1000) / 10,
    etaSeconds,
    eta: durationText(etaSeconds),
    createdAt: run.createdAt.toISOString(),
    finishedAt: run.finishedAt?.toISOString() ?? null,
  };
}
