import { type IsoDate, sessionDateOf, type TradingCalendar } from '@mdi/domain';

/**
 * The dates Polygon will serve right now: from the first day of the plan's
 * history (N years before today; older asks get a 403) to the last session
 * whose close is `delayMinutes` behind us (today's bar is published only
 * after the close; asking earlier gets a 403 "before end of day").
 */
export interface RetentionWindow {
  readonly from: IsoDate;
  readonly to: IsoDate;
}

export function retentionWindow(
  calendar: TradingCalendar,
  now: Date,
  historyYears: number,
  delayMinutes = 0,
): RetentionWindow {
  const today = sessionDateOf(now);
  const year = Number(today.slice(0, 4)) - historyYears;
  // Feb 29 of a leap year maps to Mar 1: never a date before the plan's start.
  let from = `${String(year).padStart(4, '0')}${today.slice(4)}`;
  if (from.endsWith('-02-29') && new Date(`${from}T00:00:00Z`).getUTCMonth() !== 1) from = `${year}-03-01`;
  const to = lastPublishedSession(calendar, now, delayMinutes);
  return { from: from > to ? to : from, to };
}

/** The latest session whose bar Polygon has published `delayMinutes` after its close. */
export function lastPublishedSession(calendar: TradingCalendar, now: Date, delayMinutes = 0): IsoDate {
  return calendar.lastCompletedSession(new Date(now.getTime() - delayMinutes * 60_000)).date;
}
