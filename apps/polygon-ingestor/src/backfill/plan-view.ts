import type { CallBudget } from '@mdi/domain';
import { durationText } from '../core/duration-text';
import type { PlannedFill } from './fill-planner.service';

/** How many calls are listed one by one in a plan answer (the counts always cover all). */
const LISTED_CALLS = 200;

/**
 * The dry-run answer: what would be fetched, from which source, with how many
 * calls, in how long at each source's budget. `budget` is Polygon's (the
 * seed's); `sources` has every source's role, cells, calls, pages and ETA.
 */
export function planView(planned: PlannedFill, budget: CallBudget) {
  const { plan, sourced } = planned;
  const grouped = plan.calls.filter((c) => c.kind === 'grouped-daily').length;
  const alpacaCoverage = sourced.alpaca?.coverage ?? [];
  const jobs = [
    ...plan.coverage.map((c) => ({
      jobId: c.jobId,
      kind: c.job.kind,
      source: 'polygon',
      symbols: c.symbols.length,
      dates: c.dates.length,
    })),
    ...alpacaCoverage.map((c) => ({
      jobId: c.jobId,
      kind: c.job.kind,
      source: 'alpaca',
      symbols: c.job.symbols.length,
      dates: new Set(c.cells.map((cell) => cell.date)).size,
    })),
  ];
  return {
    from: planned.from,
    to: planned.to,
    symbols: planned.symbols.length,
    sessions: planned.sessions,
    expectedCells: planned.expectedCells,
    missingCells: sourced.missingCellCount,
    settledCells: planned.expectedCells - sourced.missingCellCount,
    primarySource: sourced.primary,
    secondarySource: sourced.secondary ?? 'none',
    calls: {
      total: sourced.callCount,
      groupedDaily: grouped,
      aggregatesRange: plan.callCount - grouped,
      stockBars: alpacaCoverage.length,
    },
    naiveCalls: plan.naiveCallCount,
    budget: { calls: budget.calls, windowMs: budget.windowMs },
    estimatedSeconds: sourced.estimatedSeconds,
    estimatedDuration: durationText(sourced.estimatedSeconds),
    sources: sourced.sources.map((s) => ({
      source: s.source,
      role: s.role,
      cells: s.cellCount,
      calls: s.callCount,
      pages: s.pageCount,
      budget: { calls: s.budget.calls, windowMs: s.budget.windowMs },
      estimatedSeconds: s.estimatedSeconds,
      estimatedDuration: durationText(s.estimatedSeconds),
    })),
    jobs: jobs.slice(0, LISTED_CALLS),
    jobsListed: Math.min(LISTED_CALLS, jobs.length),
  };
}
