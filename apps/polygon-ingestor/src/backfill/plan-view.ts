import type { CallBudget } from '@mdi/domain';
import { durationText } from '../core/duration-text';
import type { PlannedFill } from './fill-planner.service';

/** How many calls are listed one by one in a plan answer (the counts always cover all). */
const LISTED_CALLS = 200;

/** The dry-run answer: what would be fetched, with how many calls, in how long at the budget. */
export function planView(planned: PlannedFill, budget: CallBudget) {
  const { plan } = planned;
  const grouped = plan.calls.filter((c) => c.kind === 'grouped-daily').length;
  return {
    from: planned.from,
    to: planned.to,
    symbols: planned.symbols.length,
    sessions: planned.sessions,
    expectedCells: planned.expectedCells,
    missingCells: plan.cellCount,
    settledCells: planned.expectedCells - plan.cellCount,
    calls: { total: plan.callCount, groupedDaily: grouped, aggregatesRange: plan.callCount - grouped },
    naiveCalls: plan.naiveCallCount,
    budget: { calls: budget.calls, windowMs: budget.windowMs },
    estimatedSeconds: plan.estimatedSeconds,
    estimatedDuration: durationText(plan.estimatedSeconds),
    jobs: plan.coverage
      .slice(0, LISTED_CALLS)
      .map((c) => ({ jobId: c.jobId, kind: c.job.kind, symbols: c.symbols.length, dates: c.dates.length })),
    jobsListed: Math.min(LISTED_CALLS, plan.callCount),
  };
}
