import { decode, encode } from './fetched-answers';

describe('kept answers round-trip through JSON', () => {
  it('restores Date fields as Dates and leaves date-like strings alone', () => {
    const answer = {
      items: [
        {
          symbol: 'AAPL',
          timestamp: new Date('2025-11-24T05:00:00.000Z'),
          close: '271.49',
          volume: '12.5',
          session: '2025-11-24',
        },
      ],
      rejected: [{ row: { T: 'aapl' }, reasons: ['must be upper case'] }],
      nextCursor: null,
    };
    const back = decode(encode(answer)) as typeof answer;
    expect(back).toEqual(answer);
    expect(back.items[0].timestamp).toBeInstanceOf(Date);
    expect(typeof back.items[0].session).toBe('string');
  });

  it('does not mistake an object that only looks tagged for a Date when it has other fields', () => {
    const value = { row: { $date: 'x', other: 1 } };
    expect(decode(encode(value))).toEqual(value);
  });
});
