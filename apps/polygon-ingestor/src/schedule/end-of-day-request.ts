import { describeValue, isIsoDate, isPlainRecord, type IsoDate, type TradingCalendar } from '@mdi/domain';
import type { RetentionWindow } from '../core/ingestion-window';

export interface EndOfDayDateRules {
  readonly calendar: TradingCalendar;
  /** What Polygon serves now (plan history .. last published session). */
  readonly window: RetentionWindow;
  /** Today in New York. */
  readonly today: IsoDate;
  readonly delayMinutes: number;
}

const WEEKDAYS = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];

/**
 * Reads `POST /operations/end-of-day`'s body: nothing (the scheduled tick) or
 * `{date}`, one session to fetch. A date is refused with the reason when
 * Polygon could not serve it: malformed, in the future, older than the
 * plan's history, a weekend or holiday, or a session not published yet.
 */
export function parseEndOfDayRequest(
  raw: unknown,
  rules: EndOfDayDateRules,
): { date: IsoDate | null } | { reasons: string[] } {
  if (raw !== undefined && raw !== null && !isPlainRecord(raw))
    return { reasons: [`body must be a JSON object, got ${describeValue(raw)}`] };
  const input = (raw ?? {}) as Record<string, unknown>;
  const unknown = Object.keys(input).filter((key) => key !== 'date');
  if (unknown.length > 0)
    return { reasons: unknown.map((key) => `unknown field ${JSON.stringify(key)} (allowed: date)`) };
  const date = input['date'];
  if (date === undefined || date === null) return { date: null };
  const problem = dateProblem(date, rules);
  return problem === null ? { date: date as IsoDate } : { reasons: [problem] };
}

function dateProblem(date: unknown, { calendar, window, today, delayMinutes }: EndOfDayDateRules): string | null {
  if (!isIsoDate(date)) return `date must be a YYYY-MM-DD date, got ${describeValue(date)}`;
  if (date > today) return `date ${date} is in the future (today is ${today} in New York)`;
  if (date < window.from)
    return `date ${date} is older than ${window.from}, where the history Polygon's plan serves starts (POLYGON_HISTORY_YEARS)`;
  if (!calendar.isTradingDay(date)) {
    const weekday = WEEKDAYS[new Date(`${date}T12:00:00Z`).getUTCDay()];
    const why = weekday === 'Saturday' || weekday === 'Sunday' ? `a ${weekday}` : 'an exchange holiday';
    return `date ${date} is not a trading session (${why}: the market was closed)`;
  }
  if (date > window.to) {
    return `date ${date} is not published yet: Polygon publishes a session after its close (EOD_DELAY_MINUTES=${delayMinutes}); the last published session is ${window.to}`;
  }
  return null;
}
