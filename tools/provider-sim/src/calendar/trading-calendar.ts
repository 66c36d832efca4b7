import { addDays, dayNumber, etToUtcMs, weekday } from './eastern-time';
import { CALENDAR_FIRST_DATE, CALENDAR_LAST_DATE, HolidayRow, NYSE_HOLIDAYS } from './nyse-holidays.data';

export interface Session {
  date: string;
  /** Regular session close, "16:00" or "13:00" on early-close days. */
  close: string;
  earlyClose: boolean;
  openMs: number;
  closeMs: number;
}

/** Trading sessions of the simulator's calendar range, with fast lookups. */
export class TradingCalendar {
  readonly sessions: readonly Session[];
  private readonly indexByDate = new Map<string, number>();
  private readonly holidayByDate = new Map<string, HolidayRow>();

  constructor() {
    for (const h of NYSE_HOLIDAYS) this.holidayByDate.set(h.date, h);
    const sessions: Session[] = [];
    for (let d = CALENDAR_FIRST_DATE; d <= CALENDAR_LAST_DATE; d = addDays(d, 1)) {
      const wd = weekday(d);
      const holiday = this.holidayByDate.get(d);
      if (wd === 0 || wd === 6 || holiday?.status === 'closed') continue;
      const earlyClose = holiday?.status === 'early-close';
      this.indexByDate.set(d, sessions.length);
      sessions.push({
        date: d,
        close: earlyClose ? '13:00' : '16:00',
        earlyClose,
        openMs: etToUtcMs(d, 9, 30),
        closeMs: etToUtcMs(d, earlyClose ? 13 : 16),
      });
    }
    this.sessions = sessions;
  }

  get firstDate(): string {
    return this.sessions[0].date;
  }

  get lastDate(): string {
    return this.sessions[this.sessions.length - 1].date;
  }

  isSession(date: string): boolean {
    return this.indexByDate.has(date);
  }

  indexOf(date: string): number | undefined {
    return this.indexByDate.get(date);
  }

  holiday(date: string): HolidayRow | undefined {
    return this.holidayByDate.get(date);
  }

  /** Index of the first session on or after a date (sessions.length if none). */
  firstIndexOnOrAfter(date: string): number {
    let lo = 0;
    let hi = this.sessions.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (this.sessions[mid].date < date) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  /** Index of the last session on or before a date (-1 if none). */
  lastIndexOnOrBefore(date: string): number {
    return this.firstIndexOnOrAfter(addDays(date, 1)) - 1;
  }

  /** Sessions with from <= date <= to. */
  between(from: string, to: string): Session[] {
    return this.sessions.slice(this.firstIndexOnOrAfter(from), this.lastIndexOnOrBefore(to) + 1);
  }

  /** The session `n` sessions after (n > 0) or before (n < 0) a session date. */
  shift(date: string, n: number): string {
    const i = this.firstIndexOnOrAfter(date) + n;
    const clamped = Math.min(Math.max(i, 0), this.sessions.length - 1);
    return this.sessions[clamped].date;
  }

  /** Business days between two dates, used for settlement (T+1 since 2024-05-28, T+2 before). */
  settlementDate(date: string): string {
    const lag = dayNumber(date) >= dayNumber('2024-05-28') ? 1 : 2;
    return this.shift(date, lag);
  }
}
