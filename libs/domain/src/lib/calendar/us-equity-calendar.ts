import { isWeekend, type IsoDate } from '../time/iso-date';
import { DayByDayCalendar, type CalendarCoverage } from './trading-calendar';
import { EARLY_CLOSE, REGULAR_CLOSE, REGULAR_OPEN, type TradingSession } from './trading-session';
import { US_EQUITY_SPECIAL_CLOSURES, usEquityEarlyCloses, usEquityHolidays } from './us-equity-holidays';

/**
 * Offline fallback calendar for US equities (NYSE/Nasdaq regular sessions),
 * 2000 to 2040, computed by rule. Alpaca's /v2/calendar is the source of
 * truth when reachable; this is for when it is not.
 */
export class UsEquityCalendar extends DayByDayCalendar {
  readonly coverage: CalendarCoverage = { from: '2000-01-01', to: '2040-12-31' };

  private readonly closedDays = new Map<IsoDate, string>();
  private readonly earlyCloses = new Map<IsoDate, string>();

  constructor() {
    super();
    for (let year = 2000; year <= 2040; year++) {
      usEquityHolidays(year).forEach((name, date) => this.closedDays.set(date, name));
      usEquityEarlyCloses(year).forEach((reason, date) => this.earlyCloses.set(date, reason));
    }
    US_EQUITY_SPECIAL_CLOSURES.forEach((reason, date) => this.closedDays.set(date, reason));
  }

  /** Why the exchange is closed on a weekday, or null when it is open (or a weekend). */
  holidayName(date: IsoDate): string | null {
    return this.closedDays.get(date) ?? null;
  }

  protected lookup(date: IsoDate): TradingSession | null {
    if (isWeekend(date) || this.closedDays.has(date)) {
      return null;
    }
    return { date, open: REGULAR_OPEN, close: this.earlyCloses.has(date) ? EARLY_CLOSE : REGULAR_CLOSE };
  }
}
