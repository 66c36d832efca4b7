import type { TradingCalendar } from '@mdi/domain';
import type { QualitySymbolState, StateFinding } from '@mdi/storage';
import { outOfOrderCheck } from '../checks/out-of-order.check';

/**
 * A symbol's state after sessions were appended, from its baseline state and
 * the state of the window loaded from its `windowStartDay` (which holds the
 * bars each new one is compared with). What the window says about newer bars
 * is the truth: every rule judges a bar by the bars before it, and the window
 * holds those. What it says about older bars is not (the window cuts their
 * past off), so their findings are the baseline's: a finding is taken from the
 * window after the symbol's last session (after its last bar for
 * out_of_order, which compares a bar with the one written before it in the
 * same transaction: rows up to the last bar were written by older ones).
 * `checks` is the report order of the checks; `newBars` the window's bars
 * after the baseline's last bar.
 */
export function extendedState(
  old: QualitySymbolState,
  window: QualitySymbolState,
  newBars: number,
  checks: readonly string[],
  calendar: TradingCalendar,
): QualitySymbolState {
  const oldLastSession = old.lastSessionDay as string;
  const after = (finding: StateFinding) =>
    finding.date !== null && finding.date > (finding.code === outOfOrderCheck.name ? old.lastBarDay : oldLastSession);
  const findings = checks.flatMap((code) => [
    ...old.findings.filter((f) => f.code === code && !after(f)),
    ...window.findings.filter((f) => f.code === code && after(f)),
  ]);
  const lastSessionDay = max(oldLastSession, window.lastSessionDay ?? oldLastSession);
  return {
    symbol: old.symbol,
    bars: old.bars + newBars,
    firstSessionDay: old.firstSessionDay,
    lastSessionDay,
    lastBarDay: max(old.lastBarDay, window.lastBarDay),
    windowStartDay: window.windowStartDay ?? old.windowStartDay,
    expected: old.expected + calendar.sessionsBetween(oldLastSession, lastSessionDay).length - 1,
    missing: findings.filter((f) => f.code === 'missing_bar').length,
    findings,
  };
}

const max = (a: string, b: string) => (a > b ? a : b);
