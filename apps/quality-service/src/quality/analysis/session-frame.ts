import type { TradingCalendar } from '@mdi/domain';
import pl, { type DataFrame } from 'nodejs-polars';
import { dayNumberOf, isoDateOfDay } from '../loading/bar-frame';

/**
 * The calendar's sessions from `fromDay` to `toDay` (day numbers) as a one-column
 * frame `day` (Int32), clipped to what the calendar covers.
 */
export function sessionFrame(calendar: TradingCalendar, fromDay: number, toDay: number): DataFrame {
  const from = Math.max(fromDay, dayNumberOf(calendar.coverage.from));
  const to = Math.min(toDay, dayNumberOf(calendar.coverage.to));
  const days = from > to ? [] : calendar.sessionsBetween(isoDateOfDay(from), isoDateOfDay(to)).map((s) => dayNumberOf(s.date));
  return pl.DataFrame({ day: pl.Series('day', days, pl.Int32) });
}
