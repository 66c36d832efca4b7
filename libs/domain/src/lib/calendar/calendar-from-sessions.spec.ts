import { readFixture } from '../test-fixtures/read-fixture';
import { fromAlpacaCalendarDay } from '../alpaca/alpaca.transformer';
import { CalendarFromSessions } from './calendar-from-sessions';
import type { TradingCalendar } from './trading-calendar';
import type { TradingSession } from './trading-session';
import { UsEquityCalendar } from './us-equity-calendar';

function alpacaSessions(): TradingSession[] {
  return readFixture<unknown[]>('alpaca-calendar.json').map((row) => {
    const result = fromAlpacaCalendarDay(row);
    if (!result.ok) {
      throw new Error(result.reasons.join('; '));
    }
    return result.value;
  });
}

describe('CalendarFromSessions', () => {
  const calendar: TradingCalendar = new CalendarFromSessions(alpacaSessions(), {
    from: '2024-07-01',
    to: '2024-07-08',
  });

  it('answers like the rule-based calendar over the same range', () => {
    const rules = new UsEquityCalendar();
    expect(calendar.sessionsBetween('2024-07-01', '2024-07-08')).toEqual(
      rules.sessionsBetween('2024-07-01', '2024-07-08'),
    );
    for (const date of ['2024-07-01', '2024-07-03', '2024-07-04', '2024-07-06', '2024-07-08']) {
      expect(calendar.isTradingDay(date)).toBe(rules.isTradingDay(date));
    }
  });

  it('navigates and knows the last completed session', () => {
    expect(calendar.previousSession('2024-07-05')).toEqual({ date: '2024-07-03', open: '09:30', close: '13:00' });
    expect(calendar.nextSession('2024-07-03').date).toBe('2024-07-05');
    expect(calendar.lastCompletedSession(new Date('2024-07-03T17:00:00Z')).date).toBe('2024-07-03');
    expect(calendar.lastCompletedSession(new Date('2024-07-04T15:02:31Z')).date).toBe('2024-07-03');
  });

  it('defaults its coverage to the first..last session', () => {
    expect(new CalendarFromSessions(alpacaSessions()).coverage).toEqual({ from: '2024-07-01', to: '2024-07-08' });
  });

  it('refuses questions outside its coverage instead of guessing "closed"', () => {
    expect(() => calendar.isTradingDay('2024-07-09')).toThrow(
      /outside this calendar's coverage 2024-07-01..2024-07-08/,
    );
    expect(() => calendar.nextSession('2024-07-08')).toThrow(/no session after 2024-07-08/);
    expect(() => calendar.previousSession('2024-07-01')).toThrow(/no session before 2024-07-01/);
  });

  it.each([
    [
      [
        { date: '2024-07-01', open: '09:30', close: '16:00' },
        { date: '2024-07-01', open: '09:30', close: '16:00' },
      ],
      undefined,
      /listed twice/,
    ],
    [[{ date: '2024-07-32', open: '09:30', close: '16:00' }], undefined, /session date must be a YYYY-MM-DD/],
    [[{ date: '2024-07-01', open: '0930', close: '16:00' }], undefined, /bad hours 0930-16:00/],
    [[{ date: '2024-07-01', open: '16:00', close: '09:30' }], undefined, /bad hours/],
    [[], undefined, /needs an explicit coverage/],
    [
      [{ date: '2024-07-01', open: '09:30', close: '16:00' }],
      { from: '2024-07-02', to: '2024-07-08' },
      /outside coverage/,
    ],
    [[], { from: '2024-07-08', to: '2024-07-01' }, /is empty/],
    [[], { from: '2024-07-01', to: 'soon' }, /coverage.to must be a YYYY-MM-DD/],
  ])('refuses bad input %#', (sessions, coverage, message) => {
    expect(() => new CalendarFromSessions(sessions, coverage)).toThrow(message);
  });

  it('can describe a range with no sessions at all', () => {
    const closed = new CalendarFromSessions([], { from: '2024-07-06', to: '2024-07-07' });
    expect(closed.sessionsBetween('2024-07-06', '2024-07-07')).toEqual([]);
    expect(closed.isTradingDay('2024-07-06')).toBe(false);
  });
});
