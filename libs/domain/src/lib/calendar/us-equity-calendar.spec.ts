import { easterSunday, usEquityEarlyCloses, usEquityHolidays } from './us-equity-holidays';
import { UsEquityCalendar } from './us-equity-calendar';
import { sessionCloseInstant } from './trading-calendar';

const calendar = new UsEquityCalendar();

describe('UsEquityCalendar holidays', () => {
  it.each([
    // The published NYSE holiday lists.
    [
      2021,
      [
        '2021-01-01',
        '2021-01-18',
        '2021-02-15',
        '2021-04-02',
        '2021-05-31',
        '2021-07-05',
        '2021-09-06',
        '2021-11-25',
        '2021-12-24',
      ],
    ],
    [
      2022,
      [
        '2022-01-17',
        '2022-02-21',
        '2022-04-15',
        '2022-05-30',
        '2022-06-20',
        '2022-07-04',
        '2022-09-05',
        '2022-11-24',
        '2022-12-26',
      ],
    ],
    [
      2023,
      [
        '2023-01-02',
        '2023-01-16',
        '2023-02-20',
        '2023-04-07',
        '2023-05-29',
        '2023-06-19',
        '2023-07-04',
        '2023-09-04',
        '2023-11-23',
        '2023-12-25',
      ],
    ],
    [
      2024,
      [
        '2024-01-01',
        '2024-01-15',
        '2024-02-19',
        '2024-03-29',
        '2024-05-27',
        '2024-06-19',
        '2024-07-04',
        '2024-09-02',
        '2024-11-28',
        '2024-12-25',
      ],
    ],
    [
      2025,
      [
        '2025-01-01',
        '2025-01-20',
        '2025-02-17',
        '2025-04-18',
        '2025-05-26',
        '2025-06-19',
        '2025-07-04',
        '2025-09-01',
        '2025-11-27',
        '2025-12-25',
      ],
    ],
    [
      2026,
      [
        '2026-01-01',
        '2026-01-19',
        '2026-02-16',
        '2026-04-03',
        '2026-05-25',
        '2026-06-19',
        '2026-07-03',
        '2026-09-07',
        '2026-11-26',
        '2026-12-25',
      ],
    ],
  ])('%i', (year, expected) => {
    expect([...usEquityHolidays(year).keys()].sort()).toEqual(expected);
  });

  it.each([
    ['2024-07-04', false],
    ['2024-07-03', true],
    ['2024-03-29', false],
    ['2022-06-20', false],
    ['2022-06-17', true],
    ['2021-06-18', true], // Juneteenth is a market holiday only from 2022
    ['2021-12-31', true], // Jan 1 2022 was a Saturday: not observed on Friday
    ['2022-01-03', true],
    ['2011-12-30', true], // Jan 1 2011 was a Saturday too
    ['2017-01-02', false], // Jan 1 2017 was a Sunday: observed Monday
    ['2021-12-24', false], // Christmas on Saturday: observed Friday
    ['2022-12-26', false], // Christmas on Sunday: observed Monday
    ['2027-06-18', false], // Juneteenth on Saturday: observed Friday
    ['2025-01-09', false], // special closure (Carter)
    ['2012-10-29', false], // Hurricane Sandy
    ['2024-07-06', false], // Saturday
    ['2024-07-07', false], // Sunday
    ['2024-07-08', true],
  ])('%s trading day: %p', (date, expected) => {
    expect(calendar.isTradingDay(date)).toBe(expected);
  });

  it('names holidays', () => {
    expect(calendar.holidayName('2024-03-29')).toBe('Good Friday');
    expect(calendar.holidayName('2022-06-20')).toBe('Juneteenth National Independence Day');
    expect(calendar.holidayName('2025-01-09')).toMatch(/Carter/);
    expect(calendar.holidayName('2024-07-03')).toBeNull();
  });

  it('computes Easter', () => {
    expect(['2000', '2008', '2011', '2019', '2024', '2038'].map((y) => easterSunday(Number(y)))).toEqual([
      '2000-04-23',
      '2008-03-23',
      '2011-04-24',
      '2019-04-21',
      '2024-03-31',
      '2038-04-25',
    ]);
  });

  it('counts the sessions of whole years as the exchange did', () => {
    expect(calendar.sessionsBetween('2021-01-01', '2021-12-31')).toHaveLength(252);
    expect(calendar.sessionsBetween('2022-01-01', '2022-12-31')).toHaveLength(251);
    expect(calendar.sessionsBetween('2023-01-01', '2023-12-31')).toHaveLength(250);
    expect(calendar.sessionsBetween('2024-01-01', '2024-12-31')).toHaveLength(252);
    expect(calendar.sessionsBetween('2025-01-01', '2025-12-31')).toHaveLength(250);
  });
});

describe('UsEquityCalendar early closes', () => {
  it.each([
    [2023, ['2023-07-03', '2023-11-24']], // Dec 24 2023 was a Sunday
    [2024, ['2024-07-03', '2024-11-29', '2024-12-24']],
    [2025, ['2025-07-03', '2025-11-28', '2025-12-24']],
    [2026, ['2026-11-27', '2026-12-24']], // July 3 2026 is the observed holiday
    [2021, ['2021-11-26']], // July 3 Saturday, Dec 24 a holiday
  ])('%i', (year, expected) => {
    expect([...usEquityEarlyCloses(year).keys()].sort()).toEqual(expected);
  });

  it('gives sessions their hours', () => {
    expect(calendar.sessionOn('2024-07-03')).toEqual({ date: '2024-07-03', open: '09:30', close: '13:00' });
    expect(calendar.sessionOn('2024-11-29')).toEqual({ date: '2024-11-29', open: '09:30', close: '13:00' });
    expect(calendar.sessionOn('2024-07-05')).toEqual({ date: '2024-07-05', open: '09:30', close: '16:00' });
    expect(calendar.sessionOn('2024-07-04')).toBeNull();
    expect(sessionCloseInstant({ date: '2024-07-03', open: '09:30', close: '13:00' }).toISOString()).toBe(
      '2024-07-03T17:00:00.000Z',
    );
  });
});

describe('UsEquityCalendar navigation', () => {
  it('lists sessions between two dates, matching Alpaca for 2024-07-01..08', () => {
    expect(calendar.sessionsBetween('2024-07-01', '2024-07-08')).toEqual([
      { date: '2024-07-01', open: '09:30', close: '16:00' },
      { date: '2024-07-02', open: '09:30', close: '16:00' },
      { date: '2024-07-03', open: '09:30', close: '13:00' },
      { date: '2024-07-05', open: '09:30', close: '16:00' },
      { date: '2024-07-08', open: '09:30', close: '16:00' },
    ]);
    expect(calendar.sessionsBetween('2024-07-06', '2024-07-07')).toEqual([]);
    expect(calendar.sessionsBetween('2024-07-08', '2024-07-01')).toEqual([]);
  });

  it('finds the previous and next sessions across weekends and holidays', () => {
    expect(calendar.previousSession('2024-07-05').date).toBe('2024-07-03');
    expect(calendar.previousSession('2024-07-08').date).toBe('2024-07-05');
    expect(calendar.nextSession('2024-07-03').date).toBe('2024-07-05');
    expect(calendar.nextSession('2024-03-28').date).toBe('2024-04-01');
    expect(calendar.previousSession('2022-01-03').date).toBe('2021-12-31');
  });

  it('knows the last completed session from the ET clock', () => {
    // Before the 16:00 close on a trading day: yesterday's session.
    expect(calendar.lastCompletedSession(new Date('2024-07-08T19:59:59Z')).date).toBe('2024-07-05');
    // At the close it is complete.
    expect(calendar.lastCompletedSession(new Date('2024-07-08T20:00:00Z')).date).toBe('2024-07-08');
    // Early close: complete at 13:00 ET.
    expect(calendar.lastCompletedSession(new Date('2024-07-03T17:00:00Z')).date).toBe('2024-07-03');
    expect(calendar.lastCompletedSession(new Date('2024-07-03T16:59:00Z')).date).toBe('2024-07-02');
    // Holiday and weekend.
    expect(calendar.lastCompletedSession(new Date('2024-07-04T23:00:00Z')).date).toBe('2024-07-03');
    expect(calendar.lastCompletedSession(new Date('2024-07-07T12:00:00Z')).date).toBe('2024-07-05');
    // 21:30 ET is already the next UTC day; the ET date still decides.
    expect(calendar.lastCompletedSession(new Date('2024-07-09T01:30:00Z')).date).toBe('2024-07-08');
    // Winter: 16:00 ET is 21:00Z.
    expect(calendar.lastCompletedSession(new Date('2024-12-02T20:30:00Z')).date).toBe('2024-11-29');
    expect(calendar.lastCompletedSession(new Date('2024-12-02T21:00:00Z')).date).toBe('2024-12-02');
  });

  it('refuses dates it does not cover and malformed dates', () => {
    expect(() => calendar.isTradingDay('1999-12-31')).toThrow(
      /outside this calendar's coverage 2000-01-01..2040-12-31/,
    );
    expect(() => calendar.isTradingDay('2041-01-02')).toThrow(RangeError);
    expect(() => calendar.previousSession('2000-01-03')).toThrow(/no session before 2000-01-03/);
    expect(() => calendar.nextSession('2040-12-31')).toThrow(/no session after 2040-12-31/);
    expect(() => calendar.isTradingDay('2024-02-30')).toThrow(/YYYY-MM-DD/);
    expect(() => calendar.sessionsBetween('2024-07-01', 'next week')).toThrow(RangeError);
    expect(() => calendar.lastCompletedSession(new Date('x'))).toThrow(RangeError);
  });
});
