import { qualityFinding, type QualityFinding, type TradingCalendar } from '@mdi/domain';
import { dayNumberOf, isoDateOfDay } from '../loading/bar-frame';
import type { QualityCheck } from './quality-check';

/**
 * Active symbols whose newest bar is older than the last completed session
 * (the latest session whose close is at or before `now`). An active symbol
 * without any bar on a session is stale too; its finding has no date.
 */
export const staleDataCheck: QualityCheck = {
  name: 'stale',
  anomaly: false,
  run({ ranges, calendar, now, activeSymbols }) {
    // One row per symbol: small enough to read into JS.
    const symbols = ranges.getColumn('symbol').toArray() as string[];
    const lastDays = ranges.getColumn('last_day').toArray() as number[];
    return staleFindings(new Map(symbols.map((symbol, i) => [symbol, lastDays[i]])), activeSymbols, calendar, now);
  },
};

/**
 * The stale findings from each symbol's last session with a bar (day
 * numbers): the rule itself, shared by the check and the incremental run,
 * which keeps those days per symbol instead of loading the bars.
 */
export function staleFindings(
  newestDay: ReadonlyMap<string, number>,
  activeSymbols: readonly string[],
  calendar: TradingCalendar,
  now: Date,
): QualityFinding[] {
  const last = calendar.lastCompletedSession(now).date;
  const findings: QualityFinding[] = [];
  for (const symbol of [...activeSymbols].sort()) {
    const day = newestDay.get(symbol);
    if (day === undefined) {
      findings.push(qualityFinding('stale', symbol, null, `no bars at all; last completed session ${last}`));
    } else if (day < dayNumberOf(last)) {
      const date = isoDateOfDay(day);
      findings.push(
        qualityFinding('stale', symbol, date, `newest bar ${date} is older than the last completed session ${last}`),
      );
    }
  }
  return findings;
}
