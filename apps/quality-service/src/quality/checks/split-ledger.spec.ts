import { SplitLedger } from './split-ledger';

const HALF = Math.log(0.5);
const TOLERANCE = 0.03;

describe('SplitLedger', () => {
  const ledger = new SplitLedger(
    [
      { symbol: 'AAA', executionDate: '2024-10-15', splitFrom: 1, splitTo: 2 },
      { symbol: 'BBB', executionDate: '2024-10-14', splitFrom: 1, splitTo: 7 },
    ],
    { from: '2024-06-01', through: '2024-12-31' },
  );

  it("excuses a move of a recorded split's ratio across its ex-date", () => {
    expect(ledger.explain('AAA', '2024-10-14', '2024-10-15', HALF, TOLERANCE)).toEqual({
      excused: true,
      reason: 'recorded 2-for-1 split on 2024-10-15',
    });
    // An ex-date on a day without a bar (here a Monday the data skips) still lies between the two sessions.
    expect(ledger.explain('BBB', '2024-10-11', '2024-10-15', Math.log(1 / 7), TOLERANCE).excused).toBe(true);
  });

  it('reports a move the recorded split does not explain, or a split-like move where the complete ledger records none', () => {
    expect(ledger.explain('AAA', '2024-10-14', '2024-10-15', Math.log(0.4), TOLERANCE)).toEqual({
      excused: false,
      reason: 'the recorded 2-for-1 split on 2024-10-15 does not explain it',
    });
    expect(ledger.explain('AAA', '2024-10-15', '2024-10-16', HALF, TOLERANCE)).toEqual({
      excused: false,
      reason: 'looks like a split, but the splits ledger records none',
    });
    expect(ledger.explain('CCC', '2024-09-02', '2024-09-03', Math.log(2.5), TOLERANCE)).toEqual({
      excused: false,
      reason: 'no split recorded',
    });
  });

  it('outside its coverage presumes common split ratios are splits, as without a ledger', () => {
    expect(ledger.explain('CCC', '2025-02-03', '2025-02-04', HALF, TOLERANCE)).toEqual({
      excused: true,
      reason: 'presumed split (ledger does not cover these dates)',
    });
    expect(ledger.explain('CCC', '2024-05-30', '2024-06-03', HALF, TOLERANCE).excused).toBe(true);
    expect(ledger.explain('CCC', '2025-02-03', '2025-02-04', Math.log(2.5), TOLERANCE)).toEqual({
      excused: false,
      reason: 'no split ratio fits',
    });
    expect(SplitLedger.EMPTY.explain('AAA', '2024-10-14', '2024-10-15', Math.log(1 / 7), TOLERANCE).excused).toBe(
      false,
    );
    expect(SplitLedger.EMPTY.explain('AAA', '2024-10-14', '2024-10-15', Math.log(1 / 8), TOLERANCE).excused).toBe(true);
  });

  it('adds up two splits between the same two sessions', () => {
    const twice = new SplitLedger(
      [
        { symbol: 'DDD', executionDate: '2024-10-14', splitFrom: 1, splitTo: 2 },
        { symbol: 'DDD', executionDate: '2024-10-15', splitFrom: 1, splitTo: 3 },
      ],
      null,
    );
    expect(twice.explain('DDD', '2024-10-11', '2024-10-15', Math.log(1 / 6), TOLERANCE)).toEqual({
      excused: true,
      reason: 'recorded 2-for-1 split on 2024-10-14 and 3-for-1 split on 2024-10-15',
    });
  });
});
