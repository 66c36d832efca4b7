import type { Answer } from './ingestor-client';

/*
 * Human summaries of the /operations answers: what was enqueued and how many
 * Polygon calls that is. Every operation only enqueues; the calls are made
 * by the workers at the shared budget, `ingestor status` follows them.
 */

interface Enqueued {
  readonly jobId: string;
  readonly status: 'added' | 'retried' | 'already-queued';
}

const isNew = (e: Enqueued) => e.status !== 'already-queued';
const calls = (n: number) => `${n} call${n === 1 ? '' : 's'}`;

/** POST /operations/end-of-day, with or without a date. */
export function endOfDaySummary(answer: Answer): string {
  const enqueued: (Enqueued & { date: string })[] = answer.enqueued ?? [];
  if (answer.date !== undefined) {
    if (enqueued.length === 0)
      return `end-of-day ${answer.date}: nothing enqueued, ${answer.skipped ?? 'nothing to fetch'}`;
    const [job] = enqueued;
    return `end-of-day ${answer.date}: ${job.jobId} ${job.status} (${calls(isNew(job) ? 1 : 0)} enqueued: one grouped-daily call covers the whole universe)`;
  }
  const head = `end-of-day up to ${answer.lastSession} (the last session Polygon has published)`;
  if (enqueued.length === 0)
    return `${head}\nnothing enqueued: the recent sessions are settled for every active symbol (0 calls)`;
  const fresh = enqueued.filter(isNew).length;
  return [
    head,
    ...enqueued.map((e) => `  ${e.date}  ${e.jobId}  ${e.status}`),
    `${calls(fresh)} enqueued (one grouped-daily call per session covers the whole universe), ${enqueued.length - fresh} already queued`,
  ].join('\n');
}

/** POST /operations/reference-sync. */
export function referenceSyncSummary(answer: Answer): string {
  const enqueued: (Enqueued & { listing: string })[] = answer.enqueued ?? [];
  const fresh = enqueued.filter(isNew).length;
  return [
    `reference sync: ${enqueued.length} ticker listings (${enqueued.map((e) => e.listing).join(', ')})`,
    ...enqueued.map((e) => `  ${e.listing.padEnd(8)}  ${e.jobId}  ${e.status}`),
    `${calls(fresh)} enqueued now, ${enqueued.length - fresh} already queued or done today; each further page is one more call. ` +
      'The pages delist and reactivate symbols and fill in the name and exchange of universe symbols.',
  ].join('\n');
}

/** POST /operations/gap-repair. */
export function gapRepairSummary(answer: Answer): string {
  if (!answer.enabled) return 'gap repair is off (ENABLE_HISTORICAL_BACKFILL=false): nothing enqueued (0 calls)';
  const run = answer.run;
  if (run === null || run === undefined)
    return 'gap repair: nothing is missing in the window Polygon serves; nothing enqueued (0 calls)';
  return (
    `gap repair: run ${run.id} enqueued ${calls(run.calls.planned)} for ${run.cells.total} missing cells ` +
    `(${run.symbols} symbols, ${run.from}..${run.to}), about ${run.eta} at the budget; \`ingestor status\` follows it`
  );
}

/** POST /operations/corporate-actions. */
export function corporateActionsSummary(answer: Answer): string {
  const enqueued: { kind: string; from: string; to: string; jobId: string }[] = answer.enqueued ?? [];
  if (enqueued.length === 0) {
    return 'corporate actions: splits and dividends are covered up to the last published session; nothing enqueued (0 calls)';
  }
  return [
    `corporate actions: ${enqueued.length} listing${enqueued.length === 1 ? '' : 's'} enqueued`,
    ...enqueued.map((e) => `  ${`${e.kind}s`.padEnd(9)}  ${e.from}..${e.to}  ${e.jobId}`),
    `at least ${calls(enqueued.length)} (one per listing page; each further page is one more call)`,
  ].join('\n');
}
