import { qualityFinding, type QualityFinding } from '@mdi/domain';
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
    const last = calendar.lastCompletedSession(now).date;
    // One row per symbol: small enough to read into JS.
    const symbols = ranges.getColumn('symbol').toArray() as string[];
    const lastDays = ranges.getColumn('last_day').toArray() as number[];
    const newestDay = new Map(symbols.map((symbol, i) => [symbol, lastDays[i]]));
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
  },
};
