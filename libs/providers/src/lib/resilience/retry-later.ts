import { sessionCloseInstant, sessionDateOf, UsEquityCalendar, type TradingCalendar } from '@mdi/domain';
import { NOT_YET_AVAILABLE_DELAY_MS } from './resilience.constants';

/** How long a job waits after the provider said "not yet available" (ms from `now`). */
export type RetryLaterPolicy = (now: Date) => number;

/**
 * Waits `delayMs` after today's close in New York while the session is still
 * open (Polygon publishes a day's bars only after it), else `delayMs` from now
 * (after the close, a holiday, a weekend, or a date the calendar does not cover).
 */
export function retryAfterSessionClose(
  delayMs: number = NOT_YET_AVAILABLE_DELAY_MS,
  calendar: TradingCalendar = new UsEquityCalendar(),
): RetryLaterPolicy {
  if (!Number.isFinite(delayMs) || delayMs < 0)
    throw new RangeError(`not-yet-available delay must be a number of ms >= 0, got ${delayMs}`);
  return (now) => {
    let session = null;
    try {
      session = calendar.sessionOn(sessionDateOf(now));
    } catch {
      // Outside the calendar's coverage: the plain delay still retries, just less precisely.
    }
    const closeMs = session ? sessionCloseInstant(session).getTime() : Number.NEGATIVE_INFINITY;
    return Math.max(closeMs - now.getTime(), 0) + delayMs;
  };
}
