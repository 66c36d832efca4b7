import { addDays, assertIsoDate, eachDate, type IsoDate } from '../time/iso-date';
import { etInstant, sessionDateOf } from '../time/new-york-time';
import type { TradingSession } from './trading-session';

/** The inclusive date range a calendar knows; asking outside it throws. */
export interface CalendarCoverage {
  readonly from: IsoDate;
  readonly to: IsoDate;
}

/**
 * Which dates are regular trading sessions, and their hours. Implemented by
 * the rule-based UsEquityCalendar (offline fallback) and by
 * CalendarFromSessions (built from Alpaca's /v2/calendar rows), so schedules
 * and gap detection do not care where the calendar came from.
 */
export interface TradingCalendar {
  readonly coverage: CalendarCoverage;
  isTradingDay(date: IsoDate): boolean;
  /** The session on `date`, or null on a weekend or holiday. */
  sessionOn(date: IsoDate): TradingSession | null;
  /** Sessions from `from` to `to`, both inclusive, in date order. */
  sessionsBetween(from: IsoDate, to: IsoDate): TradingSession[];
  /** The last session strictly before `date`. */
  previousSession(date: IsoDate): TradingSession;
  /** The first session strictly after `date`. */
  nextSession(date: IsoDate): TradingSession;
  /** The latest session whose close (in New York) is at or before `now`. */
  lastCompletedSession(now: Date): TradingSession;
}

/** The instant a session closes, e.g. 2024-07-03 13:00 ET = 17:00Z. */
export function sessionCloseInstant(session: TradingSession): Date {
  return etInstant(session.date, session.close);
}

/** Everything a calendar needs, given how to answer "which session is on this date". */
export abstract class DayByDayCalendar implements TradingCalendar {
  abstract readonly coverage: CalendarCoverage;

  /** Only called with dates inside `coverage`. */
  protected abstract lookup(date: IsoDate): TradingSession | null;

  sessionOn(date: IsoDate): TradingSession | null {
    this.assertCovered(date);
    return this.lookup(date);
  }

  isTradingDay(date: IsoDate): boolean {
    return this.sessionOn(date) !== null;
  }

  sessionsBetween(from: IsoDate, to: IsoDate): TradingSession[] {
    this.assertCovered(from);
    this.assertCovered(to);
    return eachDate(from, to)
      .map((date) => this.lookup(date))
      .filter((session): session is TradingSession => session !== null);
  }

  previousSession(date: IsoDate): TradingSession {
    return this.walk(date, -1);
  }

  nextSession(date: IsoDate): TradingSession {
    return this.walk(date, 1);
  }

  lastCompletedSession(now: Date): TradingSession {
    const today = sessionDateOf(now);
    const session = this.sessionOn(today);
    if (session !== null && sessionCloseInstant(session).getTime() <= now.getTime()) {
      return session;
    }
    return this.previousSession(today);
  }

  private walk(date: IsoDate, step: 1 | -1): TradingSession {
    this.assertCovered(date);
    for (let day = addDays(date, step); this.covers(day); day = addDays(day, step)) {
      const session = this.lookup(day);
      if (session !== null) {
        return session;
      }
    }
    throw new RangeError(
      `no session ${step > 0 ? 'after' : 'before'} ${date} within ${this.coverage.from}..${this.coverage.to}`,
    );
  }

  private covers(date: IsoDate): boolean {
    return date >= this.coverage.from && date <= this.coverage.to;
  }

  private assertCovered(date: IsoDate): void {
    assertIsoDate(date);
    if (!this.covers(date)) {
      throw new RangeError(`${date} is outside this calendar's coverage ${this.coverage.from}..${this.coverage.to}`);
    }
  }
}
