import { parseRfc3339, toInstant } from './instant';

function problemOf(result: ReturnType<typeof toInstant>): string | undefined {
  return 'problem' in result ? result.problem : undefined;
}

describe('parseRfc3339', () => {
  it('reads UTC, offsets and nanosecond fractions', () => {
    expect(parseRfc3339('2024-07-01T13:45:03.839914Z', 't')).toEqual({ instant: new Date('2024-07-01T13:45:03.839Z') });
    expect(parseRfc3339('2024-07-04T11:02:31.482115837-04:00', 't')).toEqual({
      instant: new Date('2024-07-04T15:02:31.482Z'),
    });
    expect(parseRfc3339('2024-07-05T09:30:00-04:00', 't')).toEqual({ instant: new Date('2024-07-05T13:30:00Z') });
  });

  it.each([
    [undefined, 'created_at is missing'],
    [null, 'created_at is missing'],
    [1720000000000, 'created_at must be an RFC 3339 timestamp string, got 1720000000000'],
    ['2024-07-01', 'created_at "2024-07-01" is not a valid RFC 3339 timestamp'],
    ['2024-07-01T13:45:03', 'created_at "2024-07-01T13:45:03" is not a valid RFC 3339 timestamp'],
    ['2024-02-30T00:00:00Z', 'created_at "2024-02-30T00:00:00Z" is not a valid RFC 3339 timestamp'],
    ['2024-07-01T24:00:00Z', 'created_at "2024-07-01T24:00:00Z" is not a valid RFC 3339 timestamp'],
    ['yesterday', 'created_at "yesterday" is not a valid RFC 3339 timestamp'],
    ['', 'created_at "" is not a valid RFC 3339 timestamp'],
  ])('rejects %p', (bad, reason) => {
    expect(problemOf(parseRfc3339(bad, 'created_at'))).toBe(reason);
  });
});

describe('toInstant', () => {
  it('accepts a valid Date, epoch ms and RFC 3339 text', () => {
    const date = new Date('2024-07-01T04:00:00Z');
    expect(toInstant(date, 'timestamp')).toEqual({ instant: date });
    expect(toInstant(1719806400000, 'timestamp')).toEqual({ instant: date });
    expect(toInstant('2024-07-01T00:00:00-04:00', 'timestamp')).toEqual({ instant: date });
  });

  it.each([
    [new Date('nope'), 'timestamp is an Invalid Date'],
    [NaN, 'timestamp must be whole epoch milliseconds, got NaN'],
    [1.5, 'timestamp must be whole epoch milliseconds, got 1.5'],
    [Infinity, 'timestamp must be whole epoch milliseconds, got Infinity'],
    ['not a date', 'timestamp "not a date" is not a valid RFC 3339 timestamp'],
    [undefined, 'timestamp is missing'],
    [true, 'timestamp must be a Date, got boolean true'],
    [{}, 'timestamp must be a Date, got an object'],
  ])('rejects %p', (bad, reason) => {
    expect(problemOf(toInstant(bad, 'timestamp'))).toBe(reason);
  });
});
