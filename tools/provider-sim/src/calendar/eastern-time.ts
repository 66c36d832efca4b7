/**
 * America/New_York conversions from the US DST rule (since 2007: second Sunday
 * of March 02:00 to first Sunday of November 02:00), computed here rather than
 * through Intl so the answers never depend on the host's time-zone database.
 */
const DAY_MS = 86_400_000;
const HOUR_MS = 3_600_000;

export const DATE_RE = /^\d{4}-\d{2}-\d{2}$/;

export function isValidDate(date: string): boolean {
  if (!DATE_RE.test(date)) return false;
  const ms = Date.parse(`${date}T00:00:00Z`);
  return Number.isFinite(ms) && new Date(ms).toISOString().slice(0, 10) === date;
}

/** Days since 1970-01-01 of a YYYY-MM-DD date. */
export function dayNumber(date: string): number {
  return Math.round(Date.parse(`${date}T00:00:00Z`) / DAY_MS);
}

export function dateOfDayNumber(day: number): string {
  return new Date(day * DAY_MS).toISOString().slice(0, 10);
}

export function addDays(date: string, days: number): string {
  return dateOfDayNumber(dayNumber(date) + days);
}

/** 0 = Sunday ... 6 = Saturday. */
export function weekday(date: string): number {
  return (dayNumber(date) + 4) % 7;
}

function nthSunday(year: number, month: number, n: number): number {
  const first = Date.UTC(year, month, 1) / DAY_MS;
  const firstSunday = first + ((7 - ((first + 4) % 7)) % 7);
  return firstSunday + (n - 1) * 7;
}

/** UTC instants at which DST starts (07:00Z) and ends (06:00Z) in a year. */
function dstBounds(year: number): [number, number] {
  return [nthSunday(year, 2, 2) * DAY_MS + 7 * HOUR_MS, nthSunday(year, 10, 1) * DAY_MS + 6 * HOUR_MS];
}

/** UTC offset of New York at an instant, in minutes (-240 or -300). */
export function offsetMinutesAt(utcMs: number): number {
  const [start, end] = dstBounds(new Date(utcMs).getUTCFullYear());
  return utcMs >= start && utcMs < end ? -240 : -300;
}

/** UTC epoch ms of a New York wall-clock time on a date. */
export function etToUtcMs(date: string, hh: number, mm = 0, ss = 0, msPart = 0): number {
  const wall = Date.parse(`${date}T00:00:00Z`) + ((hh * 60 + mm) * 60 + ss) * 1000 + msPart;
  // Try the standard-time reading first; if that instant is in DST, use the DST reading.
  const asStandard = wall + 300 * 60_000;
  return offsetMinutesAt(asStandard) === -300 ? asStandard : wall + 240 * 60_000;
}

export interface EtParts {
  date: string;
  hh: number;
  mm: number;
  ss: number;
  ms: number;
  offsetMinutes: number;
}

export function etParts(utcMs: number): EtParts {
  const offsetMinutes = offsetMinutesAt(utcMs);
  const wall = new Date(utcMs + offsetMinutes * 60_000);
  return {
    date: wall.toISOString().slice(0, 10),
    hh: wall.getUTCHours(),
    mm: wall.getUTCMinutes(),
    ss: wall.getUTCSeconds(),
    ms: wall.getUTCMilliseconds(),
    offsetMinutes,
  };
}

const pad = (n: number, width = 2): string => String(n).padStart(width, '0');

export function offsetSuffix(offsetMinutes: number): string {
  const abs = Math.abs(offsetMinutes);
  return `${offsetMinutes < 0 ? '-' : '+'}${pad(Math.floor(abs / 60))}:${pad(abs % 60)}`;
}

/** RFC3339 in New York local time, e.g. 2024-07-05T09:30:00-04:00 (fraction optional). */
export function etIso(utcMs: number, fraction = ''): string {
  const p = etParts(utcMs);
  return `${p.date}T${pad(p.hh)}:${pad(p.mm)}:${pad(p.ss)}${fraction}${offsetSuffix(p.offsetMinutes)}`;
}

/** Compact ET wall time used by Alpaca activity ids: YYYYMMDDhhmmssSSS. */
export function etCompact(utcMs: number): string {
  const p = etParts(utcMs);
  return `${p.date.replace(/-/g, '')}${pad(p.hh)}${pad(p.mm)}${pad(p.ss)}${pad(p.ms, 3)}`;
}

/** The New York calendar date of an instant. */
export function etDate(utcMs: number): string {
  return etParts(utcMs).date;
}
