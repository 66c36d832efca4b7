import { addDays, etDate, etToUtcMs, isValidDate } from '../calendar/eastern-time';
import { TradingCalendar } from '../calendar/trading-calendar';

/**
 * The simulated "now". With no override it follows the real clock; a set
 * `today` freezes time at 20:00 ET of that date (after the close, so the
 * day's bars are published), and a set `now` freezes it at that instant.
 */
export class SimClock {
  private frozenAt: number | undefined;

  constructor(
    private readonly calendar: TradingCalendar,
    today?: string,
  ) {
    if (today) this.setToday(today);
  }

  setToday(today: string): void {
    if (!isValidDate(today)) throw new Error(`today must be YYYY-MM-DD, got "${today}"`);
    this.frozenAt = etToUtcMs(today, 20);
  }

  setNow(iso: string): void {
    const ms = Date.parse(iso);
    if (!Number.isFinite(ms)) throw new Error(`now must be an ISO timestamp, got "${iso}"`);
    this.frozenAt = ms;
  }

  useRealTime(): void {
    this.frozenAt = undefined;
  }

  /** Moves a frozen clock forward (a real clock moves by itself). */
  advance(ms: number): void {
    if (this.frozenAt !== undefined) this.frozenAt += ms;
  }

  get frozen(): boolean {
    return this.frozenAt !== undefined;
  }

  now(): number {
    return this.frozenAt ?? Date.now();
  }

  today(): string {
    return etDate(this.now());
  }

  /** True while today's session is trading or not yet closed (its bar is not published yet). */
  todayUnpublished(): boolean {
    const today = this.today();
    const index = this.calendar.indexOf(today);
    return index !== undefined && this.now() < this.calendar.sessions[index].closeMs;
  }

  /** The last session whose daily bar is published. */
  lastPublished(): string {
    const today = this.today();
    return this.todayUnpublished() ? addDays(today, -1) : today;
  }

  /** Oldest date the simulated Basic plan may ask for: two years before today. */
  planStart(): string {
    const today = this.today();
    const candidate = `${Number(today.slice(0, 4)) - 2}${today.slice(4)}`;
    return isValidDate(candidate) ? candidate : addDays(candidate.slice(0, 8) + '28', 1);
  }
}
