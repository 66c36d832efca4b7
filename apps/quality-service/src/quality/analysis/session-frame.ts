import type { TradingCalendar } from '@mdi/domain';
import pl, { type DataFrame } from 'nodejs-polars';
import { dayNumberOf, isoDateOfDay } from '../loading/bar-frame';

/**
 * The calendar's sessions from `fromDay` to `toDay` (day numbers), clipped to
 * what the calendar covers: `session` (Int32, 0, 1, 2, ... in date order)
 * and `day` (Int32). Consecutive sessions differ by 1 in `session` whatever
 * weekends and holidays lie between, so a gap in a symbol's sessions is
 * a difference greater than 1.
 */
export function sessionFrame(calendar: TradingCalendar, fromDay: number, toDay: number): DataFrame {
  const from = Math.max(fromDay, dayNumberOf(calendar.coverage.from));
  const to = Math.min(toDay, dayNumberOf(calendar.coverage.to));
  const days =
    from > to ? [] : calendar.sessionsBetween(isoDateOfDay(from), isoDateOfDay(to)).map((s) => dayNumberOf(s.date));
  return pl.DataFrame({
    session: pl.Series(
      'session',
      days.map((_, index) => index),
      pl.Int32,
    ),
    day: pl.Series('day', days, pl.Int32),
  });
}
