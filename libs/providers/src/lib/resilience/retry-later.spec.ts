import { UsEquityCalendar } from '@mdi/domain';
import { retryAfterSessionClose } from './retry-later';

const MINUTE = 60_000;

describe('retryAfterSessionClose: when data not published yet is asked for again', () => {
  const policy = retryAfterSessionClose(15 * MINUTE);

  it('during a session: 15 min after its close (16:00 ET)', () => {
    // Wednesday 2026-11-25, 10:00 ET (EST = UTC-5): the close is 21:00Z.
    expect(policy(new Date('2026-11-25T15:00:00Z'))).toBe(6 * 60 * MINUTE + 15 * MINUTE);
  });

  it('on an early-close day: after the 13:00 ET close', () => {
    // Friday 2026-11-27 (after Thanksgiving) closes at 13:00 ET = 18:00Z.
    expect(policy(new Date('2026-11-27T17:00:00Z'))).toBe(60 * MINUTE + 15 * MINUTE);
  });

  it('in summer time: the close is 20:00Z', () => {
    expect(policy(new Date('2026-07-01T19:30:00Z'))).toBe(30 * MINUTE + 15 * MINUTE);
  });

  it('after the close, on a weekend or a holiday: the plain delay from now', () => {
    expect(policy(new Date('2026-11-25T21:05:00Z'))).toBe(15 * MINUTE);
    expect(policy(new Date('2026-11-28T15:00:00Z'))).toBe(15 * MINUTE);
    expect(policy(new Date('2026-11-26T15:00:00Z'))).toBe(15 * MINUTE);
  });

  it('outside the calendar it still answers with the plain delay', () => {
    expect(retryAfterSessionClose(1000, new UsEquityCalendar())(new Date('2099-03-04T15:00:00Z'))).toBe(1000);
  });

  it('defaults to 15 minutes', () => {
    expect(retryAfterSessionClose()(new Date('2026-11-25T21:05:00Z'))).toBe(15 * MINUTE);
  });

  it.each([-1, Number.NaN, Number.POSITIVE_INFINITY])('refuses a delay of %p', (delay) => {
    expect(() => retryAfterSessionClose(delay)).toThrow(RangeError);
  });
});
