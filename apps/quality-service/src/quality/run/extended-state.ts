import type { QualitySymbolState, StateFinding } from '@mdi/storage';
import { outOfOrderCheck } from '../checks/out-of-order.check';
import { isoDateOfDay } from '../loading/bar-frame';
import type { WindowExtension } from './price-window';

export interface Extension {
  /** The loaded bars after the baseline's last bar. */
  readonly newBars: number;
  /** The price-jump window moved over the new sessions, with what it found; absent with no new priced bar. */
  readonly priceWindow: WindowExtension | undefined;
  /** The report order of the checks. */
  readonly checks: readonly string[];
  /** How many sessions lie from one day to another, both included (the calendar's, memoised per run). */
  readonly sessionsFromTo: (from: string, to: string) => number;
}

/**
 * A symbol's state after sessions were appended, from its baseline state and
 * the state of its bars loaded from its last session on (`suffix`), and its
 * price-jump window moved over the new sessions. What the suffix and the
 * window say about newer bars is the truth: every other rule judges a bar by
 * the one before it at most, and the suffix holds that one. What the suffix
 * says about older bars is not (it cuts their past off), so their findings
 * are the baseline's: a finding is taken from the suffix after the symbol's
 * last session (after its last bar for out_of_order, which compares a bar
 * with the one written before it in the same transaction: rows up to the
 * last bar were written by older ones).
 */
export function extendedState(
  old: QualitySymbolState,
  suffix: QualitySymbolState,
  { newBars, priceWindow, checks, sessionsFromTo }: Extension,
): QualitySymbolState {
  const oldLastSession = old.lastSessionDay as string;
  const after = (finding: StateFinding) =>
    finding.date !== null && finding.date > (finding.code === outOfOrderCheck.name ? old.lastBarDay : oldLastSession);
  const fresh = [...suffix.findings, ...(priceWindow?.findings ?? [])].filter(after);
  // A state's findings are in check order and of these checks only (a baseline serves only runs with its
  // fingerprint), so with nothing new after the last session they stay as they are: most symbols, most days.
  const findings =
    fresh.length === 0 && !old.findings.some(after)
      ? old.findings
      : checks.flatMap((code) => [
          ...old.findings.filter((f) => f.code === code && !after(f)),
          ...fresh
            .filter((f) => f.code === code)
            .map(({ checkType, code, date, detail }) => ({ checkType, code, date, detail })),
        ]);
  const lastSessionDay = max(oldLastSession, suffix.lastSessionDay ?? oldLastSession);
  const window = priceWindow?.window ?? old.priceWindow;
  return {
    symbol: old.symbol,
    bars: old.bars + newBars,
    firstSessionDay: old.firstSessionDay,
    lastSessionDay,
    lastBarDay: max(old.lastBarDay, suffix.lastBarDay),
    windowStartDay: window === null ? null : isoDateOfDay(window.days[0]),
    expected: old.expected + sessionsFromTo(oldLastSession, lastSessionDay) - 1,
    missing: findings.filter((f) => f.code === 'missing_bar').length,
    findings,
    priceWindow: window,
  };
}

const max = (a: string, b: string) => (a > b ? a : b);
