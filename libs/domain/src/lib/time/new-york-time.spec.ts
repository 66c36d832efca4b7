import { etInstant, etMidnight, etWallClockOf, isWallClockTime, sessionDateOf } from './new-york-time';

describe('sessionDateOf', () => {
  it('uses the New York date, not the UTC date', () => {
    // 2024-07-02T02:00Z is still the evening of July 1 in New York.
    expect(sessionDateOf(new Date('2024-07-02T02:00:00Z'))).toBe('2024-07-01');
    expect(sessionDateOf(new Date('2024-07-01T04:00:00Z'))).toBe('2024-07-01');
    expect(sessionDateOf(new Date('2024-07-01T03:59:59.999Z'))).toBe('2024-06-30');
    expect(sessionDateOf(new Date('2024-01-02T04:59:59Z'))).toBe('2024-01-01');
    expect(sessionDateOf(new Date('2024-01-02T05:00:00Z'))).toBe('2024-01-02');
  });

  it('maps Polygon range (00:00 ET) and grouped (16:00 ET) anchors to the same date', () => {
    expect(sessionDateOf(new Date(1720152000000))).toBe('2024-07-05');
    expect(sessionDateOf(new Date(1720209600000))).toBe('2024-07-05');
    expect(sessionDateOf(new Date(1577941200000))).toBe('2020-01-02');
  });

  it('refuses an Invalid Date', () => {
    expect(() => sessionDateOf(new Date('not a date'))).toThrow(RangeError);
    expect(() => sessionDateOf('2024-07-01' as unknown as Date)).toThrow(RangeError);
  });
});

describe('etMidnight / etInstant', () => {
  it('is 04:00Z in summer and 05:00Z in winter', () => {
    expect(etMidnight('2024-07-01').toISOString()).toBe('2024-07-01T04:00:00.000Z');
    expect(etMidnight('2020-01-02').getTime()).toBe(1577941200000);
    expect(etMidnight('2024-12-24').toISOString()).toBe('2024-12-24T05:00:00.000Z');
  });

  it('is right on both DST switch days', () => {
    // Spring forward happens at 02:00 ET on 2024-03-10; midnight is still EST.
    expect(etMidnight('2024-03-10').toISOString()).toBe('2024-03-10T05:00:00.000Z');
    expect(etMidnight('2024-03-11').toISOString()).toBe('2024-03-11T04:00:00.000Z');
    expect(etInstant('2024-03-10', '16:00').toISOString()).toBe('2024-03-10T20:00:00.000Z');
    // Fall back at 02:00 ET on 2024-11-03; midnight is still EDT.
    expect(etMidnight('2024-11-03').toISOString()).toBe('2024-11-03T04:00:00.000Z');
    expect(etInstant('2024-11-03', '16:00').toISOString()).toBe('2024-11-03T21:00:00.000Z');
  });

  it('round-trips with sessionDateOf for every day of a year', () => {
    for (let day = 0; day < 366; day++) {
      const date = new Date(Date.UTC(2024, 0, 1 + day)).toISOString().slice(0, 10);
      expect(sessionDateOf(etMidnight(date))).toBe(date);
      expect(etWallClockOf(etMidnight(date))).toBe('00:00');
    }
  });

  it('gives the early close and the regular close', () => {
    expect(etInstant('2024-07-03', '13:00').toISOString()).toBe('2024-07-03T17:00:00.000Z');
    expect(etInstant('2024-11-29', '13:00').toISOString()).toBe('2024-11-29T18:00:00.000Z');
  });

  it('refuses bad dates and times', () => {
    expect(() => etMidnight('2024-02-30')).toThrow(RangeError);
    expect(() => etMidnight('2024/07/01')).toThrow(RangeError);
    expect(() => etInstant('2024-07-01', '24:00')).toThrow(RangeError);
    expect(() => etInstant('2024-07-01', '9:30')).toThrow(RangeError);
    expect(() => etWallClockOf(new Date(NaN))).toThrow(RangeError);
  });

  it('recognises HH:MM wall-clock text', () => {
    expect(isWallClockTime('09:30')).toBe(true);
    expect(isWallClockTime('0930')).toBe(false);
    expect(isWallClockTime('25:00')).toBe(false);
    expect(isWallClockTime(930)).toBe(false);
  });
});
