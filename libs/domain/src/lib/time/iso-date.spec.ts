import { addDays, dayOfWeek, daysBetween, eachDate, isIsoDate, isoDateOf, isoDateParts, isWeekend } from './iso-date';

describe('isIsoDate', () => {
  it.each(['2024-07-04', '2024-02-29', '2000-01-01', '2040-12-31'])('accepts %p', (ok) => {
    expect(isIsoDate(ok)).toBe(true);
  });

  it.each([
    '2023-02-29',
    '2024-02-30',
    '2024-13-01',
    '2024-00-10',
    '2024-7-4',
    '2024-07-04T00:00:00Z',
    ' 2024-07-04',
    '20240704',
    '',
    null,
    undefined,
    20240704,
    new Date('2024-07-04'),
  ])('rejects %p', (bad) => {
    expect(isIsoDate(bad)).toBe(false);
  });
});

describe('date arithmetic', () => {
  it('adds days across month, year and DST boundaries', () => {
    expect(addDays('2024-02-28', 1)).toBe('2024-02-29');
    expect(addDays('2024-12-31', 1)).toBe('2025-01-01');
    expect(addDays('2024-03-10', 1)).toBe('2024-03-11');
    expect(addDays('2024-11-03', -1)).toBe('2024-11-02');
    expect(addDays('2024-07-04', 0)).toBe('2024-07-04');
  });

  it('refuses bad input', () => {
    expect(() => addDays('2024-02-30', 1)).toThrow(RangeError);
    expect(() => addDays('2024-02-01', 1.5)).toThrow(RangeError);
    expect(() => addDays('2024-02-01', NaN)).toThrow(RangeError);
  });

  it('lists each date inclusively', () => {
    expect(eachDate('2024-02-27', '2024-03-01')).toEqual(['2024-02-27', '2024-02-28', '2024-02-29', '2024-03-01']);
    expect(eachDate('2024-07-04', '2024-07-04')).toEqual(['2024-07-04']);
    expect(eachDate('2024-07-05', '2024-07-04')).toEqual([]);
    expect(eachDate('2022-11-25', '2024-11-24')).toHaveLength(731);
  });

  it('refuses a bad range bound and names it', () => {
    expect(() => eachDate('2024-07-01', 'tomorrow')).toThrow(/to must be a YYYY-MM-DD/);
    expect(() => eachDate('07/01/2024', '2024-07-02')).toThrow(/from must be a YYYY-MM-DD/);
  });

  it('knows weekdays', () => {
    expect(dayOfWeek('2024-07-04')).toBe(4);
    expect(isWeekend('2024-07-06')).toBe(true);
    expect(isWeekend('2024-07-07')).toBe(true);
    expect(isWeekend('2024-07-08')).toBe(false);
  });

  it('counts days and builds dates from parts', () => {
    expect(daysBetween('2024-07-01', '2024-07-08')).toBe(7);
    expect(daysBetween('2024-07-08', '2024-07-01')).toBe(-7);
    expect(isoDateOf(2024, 2, 30)).toBe('2024-03-01');
    expect(isoDateParts('2024-07-04')).toEqual({ year: 2024, month: 7, day: 4 });
    expect(() => isoDateParts('2024-7-4')).toThrow(RangeError);
  });
});
