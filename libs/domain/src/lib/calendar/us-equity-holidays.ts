import { dayOfWeek, isoDateOf, type IsoDate } from '../time/iso-date';

/*
 * NYSE full-day holidays and 13:00 early closes by rule (NYSE Rule 7.2 as
 * practised since 2000). Fixed-date holidays on a Saturday move to Friday and
 * on a Sunday to Monday, except New Year's Day: a Saturday Jan 1 is not
 * observed at all, because the Friday before closes the fiscal year.
 */

/** Easter Sunday (Gregorian, anonymous computus). */
export function easterSunday(year: number): IsoDate {
  const a = year % 19;
  const b = Math.floor(year / 100);
  const c = year % 100;
  const d = Math.floor(b / 4);
  const e = b % 4;
  const f = Math.floor((b + 8) / 25);
  const g = Math.floor((b - f + 1) / 3);
  const h = (19 * a + b - d - g + 15) % 30;
  const i = Math.floor(c / 4);
  const k = c % 4;
  const l = (32 + 2 * e + 2 * i - h - k) % 7;
  const m = Math.floor((a + 11 * h + 22 * l) / 451);
  const month = Math.floor((h + l - 7 * m + 114) / 31);
  const day = ((h + l - 7 * m + 114) % 31) + 1;
  return isoDateOf(year, month, day);
}

/** The n-th (1-based) given weekday of a month; n = -1 for the last. */
function nthWeekday(year: number, month: number, weekday: number, n: number): IsoDate {
  if (n > 0) {
    const firstWeekday = dayOfWeek(isoDateOf(year, month, 1));
    return isoDateOf(year, month, 1 + ((weekday - firstWeekday + 7) % 7) + (n - 1) * 7);
  }
  const last = isoDateOf(year, month + 1, 0);
  const lastDay = Number(last.slice(8, 10));
  return isoDateOf(year, month, lastDay - ((dayOfWeek(last) - weekday + 7) % 7));
}

/** Saturday to Friday, Sunday to Monday. */
function observed(date: IsoDate): IsoDate {
  const weekday = dayOfWeek(date);
  const [year, month, day] = [Number(date.slice(0, 4)), Number(date.slice(5, 7)), Number(date.slice(8, 10))];
  if (weekday === 6) {
    return isoDateOf(year, month, day - 1);
  }
  return weekday === 0 ? isoDateOf(year, month, day + 1) : date;
}

/** Full-day closures of one year: date to holiday name. */
export function usEquityHolidays(year: number): Map<IsoDate, string> {
  const holidays = new Map<IsoDate, string>();
  const newYear = isoDateOf(year, 1, 1);
  if (dayOfWeek(newYear) !== 6) {
    holidays.set(observed(newYear), "New Year's Day");
  }
  holidays.set(nthWeekday(year, 1, 1, 3), 'Martin Luther King Jr. Day');
  holidays.set(nthWeekday(year, 2, 1, 3), "Washington's Birthday");
  const easter = easterSunday(year);
  holidays.set(isoDateOf(year, Number(easter.slice(5, 7)), Number(easter.slice(8, 10)) - 2), 'Good Friday');
  holidays.set(nthWeekday(year, 5, 1, -1), 'Memorial Day');
  if (year >= 2022) {
    holidays.set(observed(isoDateOf(year, 6, 19)), 'Juneteenth National Independence Day');
  }
  holidays.set(observed(isoDateOf(year, 7, 4)), 'Independence Day');
  holidays.set(nthWeekday(year, 9, 1, 1), 'Labor Day');
  holidays.set(nthWeekday(year, 11, 4, 4), 'Thanksgiving Day');
  holidays.set(observed(isoDateOf(year, 12, 25)), 'Christmas Day');
  return holidays;
}

/** 13:00 ET closes of one year: date to reason. */
export function usEquityEarlyCloses(year: number): Map<IsoDate, string> {
  const holidays = usEquityHolidays(year);
  const closes = new Map<IsoDate, string>();
  const weekdayNotHoliday = (date: IsoDate) => {
    const weekday = dayOfWeek(date);
    return weekday >= 1 && weekday <= 5 && !holidays.has(date);
  };
  const july3 = isoDateOf(year, 7, 3);
  if (weekdayNotHoliday(july3)) {
    closes.set(july3, 'Day before Independence Day');
  }
  const thanksgiving = nthWeekday(year, 11, 4, 4);
  closes.set(isoDateOf(year, 11, Number(thanksgiving.slice(8, 10)) + 1), 'Day after Thanksgiving');
  const christmasEve = isoDateOf(year, 12, 24);
  if (weekdayNotHoliday(christmasEve)) {
    closes.set(christmasEve, 'Christmas Eve');
  }
  return closes;
}

/**
 * Unscheduled closures since 2000 (national mourning, 9/11, Hurricane Sandy).
 * No rule predicts them; without them the fallback would expect bars that
 * can never exist and report false gaps.
 */
export const US_EQUITY_SPECIAL_CLOSURES: ReadonlyMap<IsoDate, string> = new Map([
  ['2001-09-11', 'September 11 attacks'],
  ['2001-09-12', 'September 11 attacks'],
  ['2001-09-13', 'September 11 attacks'],
  ['2001-09-14', 'September 11 attacks'],
  ['2004-06-11', 'National Day of Mourning for Ronald Reagan'],
  ['2007-01-02', 'National Day of Mourning for Gerald Ford'],
  ['2012-10-29', 'Hurricane Sandy'],
  ['2012-10-30', 'Hurricane Sandy'],
  ['2018-12-05', 'National Day of Mourning for George H. W. Bush'],
  ['2025-01-09', 'National Day of Mourning for Jimmy Carter'],
]);
