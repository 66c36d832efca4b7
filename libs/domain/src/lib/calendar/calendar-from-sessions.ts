import { assertIsoDate, type IsoDate } from '../time/iso-date';
import { isWallClockTime } from '../time/new-york-time';
import { DayByDayCalendar, type CalendarCoverage } from './trading-calendar';
import type { TradingSession } from './trading-session';

/**
 * A calendar from a list of sessions, e.g. Alpaca's /v2/calendar rows for
 * [start, end] (it lists trading days only). Pass the requested range as
 * `coverage`: a holiday at either edge is then still known to be closed.
 * Without it, coverage runs from the first to the last session.
 */
export class CalendarFromSessions extends DayByDayCalendar {
  readonly coverage: CalendarCoverage;
  private readonly byDate = new Map<IsoDate, TradingSession>();

  constructor(sessions: readonly TradingSession[], coverage?: CalendarCoverage) {
    super();
    for (const session of sessions) {
      assertIsoDate(session.date, 'session date');
      if (!isWallClockTime(session.open) || !isWallClockTime(session.close) || session.close <= session.open) {
        throw new RangeError(`session ${session.date} has bad hours ${session.open}-${session.close}`);
      }
      if (this.byDate.has(session.date)) {
        throw new RangeError(`session ${session.date} is listed twice`);
      }
      this.byDate.set(session.date, { date: session.date, open: session.open, close: session.close });
    }
    const dates = [...this.byDate.keys()].sort();
    if (coverage === undefined && dates.length === 0) {
      throw new RangeError('a calendar without sessions needs an explicit coverage');
    }
    this.coverage = coverage ?? { from: dates[0], to: dates[dates.length - 1] };
    assertIsoDate(this.coverage.from, 'coverage.from');
    assertIsoDate(this.coverage.to, 'coverage.to');
    if (this.coverage.from > this.coverage.to) {
      throw new RangeError(`coverage ${this.coverage.from}..${this.coverage.to} is empty`);
    }
    const outside = dates.find((date) => date < this.coverage.from || date > this.coverage.to);
    if (outside !== undefined) {
      throw new RangeError(`session ${outside} is outside coverage ${this.coverage.from}..${this.coverage.to}`);
    }
  }

  protected lookup(date: IsoDate): TradingSession | null {
    return this.byDate.get(date) ?? null;
  }
}
