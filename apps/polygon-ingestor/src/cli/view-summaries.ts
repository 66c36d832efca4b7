import type { Answer } from './ingestor-client';
import { progressLine } from './progress-bar';

/* Human views of the read answers (symbols, plan, status); --json prints the answers themselves. */

function table(rows: string[][]): string[] {
  const widths = rows[0].map((_, column) => Math.max(...rows.map((row) => row[column].length)));
  return rows.map((row) =>
    row
      .map((cell, column) => (column === row.length - 1 ? cell : cell.padEnd(widths[column])))
      .join('  ')
      .trimEnd(),
  );
}

/** GET /symbols. */
export function symbolListView(answer: Answer): string {
  const symbols: Answer[] = answer.symbols ?? [];
  if (symbols.length === 0) return 'no symbols';
  const rows = symbols.map((s) => [s.symbol, s.status, s.exchange ?? '-', s.sector ?? '-', s.name ?? '-']);
  return [
    ...table([['SYMBOL', 'STATUS', 'EXCHANGE', 'SECTOR', 'NAME'], ...rows]),
    `${answer.count} symbol${answer.count === 1 ? '' : 's'}`,
  ].join('\n');
}

/** One symbol after add, suspend or activate. */
export function symbolView(symbol: Answer, verb: string): string {
  const details = [symbol.name, symbol.exchange, symbol.sector].filter((d) => d !== null && d !== undefined);
  return `${verb} ${symbol.symbol}: ${symbol.status}${details.length > 0 ? ` (${details.join(', ')})` : ''}`;
}

/** GET /backfill/plan. */
export function planView(plan: Answer): string {
  const lines = [
    `plan ${plan.from}..${plan.to}: ${plan.symbols} symbols x ${plan.sessions} sessions = ${plan.expectedCells} cells, ${plan.missingCells} missing`,
    `${plan.calls.total} calls (${plan.calls.groupedDaily} grouped-daily, ${plan.calls.aggregatesRange} aggregates-range; ${plan.naiveCalls} at one call per cell), ` +
      `about ${plan.estimatedDuration} at ${plan.budget.calls} calls per ${plan.budget.windowMs / 1000} s`,
  ];
  // Which source serves which cells, once a second source is involved.
  const sources: Answer[] = plan.sources ?? [];
  if (sources.some((s) => s.source !== 'polygon')) {
    for (const s of sources) {
      lines.push(
        `${s.source} (${s.role}): ${s.cells} cells in ${s.calls} calls (${s.pages} pages), about ${s.estimatedDuration} at ${s.budget.calls} calls per ${s.budget.windowMs / 1000} s`,
      );
    }
  }
  if (plan.enabled === false) lines.push('backfill is off (ENABLE_HISTORICAL_BACKFILL=false): the plan cannot be run');
  return lines.join('\n');
}

/** GET /status. */
export function statusView(status: Answer): string {
  const u = status.universe;
  const eod = status.endOfDay;
  const backfill = status.backfill;
  const covered = (c: Answer) => (c ? `${c.from}..${c.through}` : 'not fetched yet');
  const queue = status.queue
    ? `${status.queue.waiting} waiting, ${status.queue.delayed} delayed, ${status.queue.active} active, ${status.queue.failed} failed`
    : 'unknown (Redis does not answer)';
  const used =
    status.budget.usedInCurrentWindow === null
      ? 'use unknown'
      : `${status.budget.usedInCurrentWindow} used in the current window`;
  return [
    `${status.service} pid ${status.pid}, up ${status.uptimeSeconds} s`,
    `universe: ${u.total} symbols (${u.active} active, ${u.suspended} suspended, ${u.delisted} delisted)`,
    `end-of-day: last stored session ${eod.lastDate ?? 'none yet'}, last published ${eod.lastPublishedSession} (cron ${eod.cron})`,
    `backfill: ${backfill.enabled ? 'enabled' : 'off'}, ${backfill.running} running${backfill.current ? `: run ${backfill.current.id} ${progressLine(backfill.current)}` : ''}`,
    `corporate actions: splits ${covered(status.corporateActions.splitsCovered)}, dividends ${covered(status.corporateActions.dividendsCovered)}`,
    `budget: ${status.budget.callsPerWindow} calls per ${status.budget.windowMs / 1000} s, ${used}`,
    `queue: ${queue}`,
    `circuit: ${status.circuit}`,
  ].join('\n');
}
