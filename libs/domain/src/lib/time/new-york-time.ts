import { assertIsoDate, type IsoDate } from './iso-date';

/** The exchange's time zone; every session date and close time is read here. */
export const EXCHANGE_TIME_ZONE = 'America/New_York';

const WALL_CLOCK = /^([01]\d|2[0-3]):([0-5]\d)$/;

const formatter = new Intl.DateTimeFormat('en-US', {
  timeZone: EXCHANGE_TIME_ZONE,
  hourCycle: 'h23',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
});

interface WallTime {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
}

function assertValidInstant(ts: Date): void {
  if (!(ts instanceof Date) || Number.isNaN(ts.getTime())) {
    throw new RangeError(`expected a valid Date, got ${String(ts)}`);
  }
}

function wallTimeOf(instant: number): WallTime {
  const parts: Record<string, number> = {};
  for (const part of formatter.formatToParts(new Date(instant))) {
    if (part.type !== 'literal') {
      parts[part.type] = Number(part.value);
    }
  }
  return {
    year: parts['year'],
    month: parts['month'],
    day: parts['day'],
    hour: parts['hour'],
    minute: parts['minute'],
    second: parts['second'],
  };
}

/** New York's offset from UTC at an instant, in ms (e.g. -4 h in summer). */
function offsetAt(instant: number): number {
  const wall = wallTimeOf(instant);
  const wallAsUtc = Date.UTC(wall.year, wall.month - 1, wall.day, wall.hour, wall.minute, wall.second);
  return wallAsUtc - (instant - (((instant % 1000) + 1000) % 1000));
}

/** The ET calendar date (YYYY-MM-DD) of an instant: the session date of a daily bar. */
export function sessionDateOf(ts: Date): IsoDate {
  assertValidInstant(ts);
  const wall = wallTimeOf(ts.getTime());
  return `${String(wall.year).padStart(4, '0')}-${String(wall.month).padStart(2, '0')}-${String(wall.day).padStart(2, '0')}`;
}

/** "HH:MM" wall-clock time of an instant in New York. */
export function etWallClockOf(ts: Date): string {
  assertValidInstant(ts);
  const wall = wallTimeOf(ts.getTime());
  return `${String(wall.hour).padStart(2, '0')}:${String(wall.minute).padStart(2, '0')}`;
}

/**
 * The UTC instant of a New York wall-clock time ("HH:MM") on a date.
 * Exchange times (00:00, 09:30, 13:00, 16:00) never fall in the 02:00-03:00
 * DST gap or overlap, so the answer is unique for them.
 */
export function etInstant(date: IsoDate, wallClock: string): Date {
  assertIsoDate(date);
  const match = WALL_CLOCK.exec(wallClock);
  if (!match) {
    throw new RangeError(`wall clock time must be HH:MM, got ${JSON.stringify(wallClock)}`);
  }
  const naive = Date.UTC(
    Number(date.slice(0, 4)),
    Number(date.slice(5, 7)) - 1,
    Number(date.slice(8, 10)),
    Number(match[1]),
    Number(match[2]),
  );
  let instant = naive - offsetAt(naive);
  // The offset at the guess can differ from the offset at the answer near a DST switch.
  instant = naive - offsetAt(instant);
  return new Date(instant);
}

/** 00:00 America/New_York of a date, as a UTC instant: the timestamp of that session's daily bar. */
export function etMidnight(date: IsoDate): Date {
  return etInstant(date, '00:00');
}

export function isWallClockTime(value: unknown): value is string {
  return typeof value === 'string' && WALL_CLOCK.test(value);
}
