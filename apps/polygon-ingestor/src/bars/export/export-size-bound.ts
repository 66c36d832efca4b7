import { addDays, type IsoDate, type TradingCalendar } from '@mdi/domain';
import type { BarExportScope } from '@mdi/storage';

/**
 * The most bars an export of `scope` can hold, known without reading its
 * bars: a symbol has at most one bar a session (a bar's timestamp is its
 * session's midnight in New York, unique per symbol and source), so
 * symbols x sessions, plus the bars stored on the range's days without a
 * session (weekends, holidays: normally none), which `countBarsOn` reads
 * through the timestamp index. Null when the calendar does not know the
 * range's years: then only a count can tell.
 */
export async function exportSizeBound(
  scope: BarExportScope,
  calendar: TradingCalendar,
  countBarsOn: (dates: readonly IsoDate[]) => Promise<number>,
): Promise<number | null> {
  let sessions: ReadonlySet<IsoDate>;
  try {
    sessions = new Set(calendar.sessionsBetween(scope.from, scope.to).map((session) => session.date));
  } catch (error) {
    if (error instanceof RangeError) return null;
    throw error;
  }
  const otherDays: IsoDate[] = [];
  for (let day = scope.from; day <= scope.to; day = addDays(day, 1)) if (!sessions.has(day)) otherDays.push(day);
  return scope.symbols.length * sessions.size + (await countBarsOn(otherDays));
}
