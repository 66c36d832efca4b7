import { compareDecimal } from '../shared/decimal-string';
import type { MarketDataBar } from '../market-data/market-data-bar';
import { etMidnight } from '../time/new-york-time';
import { seededRandom } from '../planning/planning-test-support';
import type { StockSplit } from './corporate-actions';
import { formatRatio, multiplyRatios, ratioOfDecimal } from './exact-ratio';
import { splitAdjust, type AdjustedBar } from './split-adjust';
import { cumulativeSplitFactor } from './split-factor';

function bar(
  symbol: string,
  date: string,
  open: string,
  high: string,
  low: string,
  close: string,
  volume: number | string,
): MarketDataBar {
  return { symbol, timestamp: etMidnight(date), open, high, low, close, volume: String(volume), source: 'polygon' };
}

/** The fields a reader compares, with the date instead of the instant. */
function ohlcv(adjusted: AdjustedBar[]): [string, string, string, string, string, string, string][] {
  return adjusted.map((b) => [
    b.timestamp.toISOString().slice(0, 10),
    b.open,
    b.high,
    b.low,
    b.close,
    b.volume,
    b.splitFactor,
  ]);
}

const split = (symbol: string, executionDate: string, splitFrom: number, splitTo: number): StockSplit => ({
  symbol,
  executionDate,
  splitFrom,
  splitTo,
});

describe('splitAdjust', () => {
  it('reproduces the hand-computed adjusted series around a 4-for-1 split (AAPL, 2020-08-31)', () => {
    const unadjusted = [
      bar('AAPL', '2020-08-27', '508.57', '509.94', '495.33', '500.04', 38_888_096),
      bar('AAPL', '2020-08-28', '504.05', '505.77', '498.31', '499.23', 46_907_479),
      // On the execution date the bar already trades on the new basis.
      bar('AAPL', '2020-08-31', '127.58', '131', '126', '129.04', 225_702_688),
    ];
    const adjusted = splitAdjust(unadjusted, [split('AAPL', '2020-08-31', 1, 4)]);
    // ET midnight in summer is 04:00Z, so the ISO date is the session date.
    expect(ohlcv(adjusted)).toEqual([
      ['2020-08-27', '127.1425', '127.485', '123.8325', '125.01', '155552384', '1/4'],
      ['2020-08-28', '126.0125', '126.4425', '124.5775', '124.8075', '187629916', '1/4'],
      ['2020-08-31', '127.58', '131', '126', '129.04', '225702688', '1'],
    ]);
    expect(adjusted[0].timestamp).toEqual(unadjusted[0].timestamp);
    expect(adjusted[0].source).toBe('polygon');
    expect(adjusted[0].symbol).toBe('AAPL');
  });

  it('multiplies prices and divides volumes on a 1-for-10 reverse split, exactly to 6 decimals', () => {
    const adjusted = splitAdjust(
      [
        bar('XYZ', '2023-04-28', '1.23', '1.3', '1.2', '1.25', 1_234_567),
        bar('XYZ', '2023-05-01', '1.21', '1.22', '1.19', '1.2', 1_234_565),
        bar('XYZ', '2023-05-02', '12.1', '12.5', '11.9', '12', 99_000),
      ],
      [split('XYZ', '2023-05-02', 10, 1)],
    );
    expect(ohlcv(adjusted)).toEqual([
      ['2023-04-28', '12.3', '13', '12', '12.5', '123456.7', '10'],
      ['2023-05-01', '12.1', '12.2', '11.9', '12', '123456.5', '10'],
      ['2023-05-02', '12.1', '12.5', '11.9', '12', '99000', '1'],
    ]);
  });

  it('compounds two splits in a row (NVDA 4-for-1 in 2021, 10-for-1 in 2024)', () => {
    const splits = [split('NVDA', '2024-06-10', 1, 10), split('NVDA', '2021-07-20', 1, 4)];
    const adjusted = splitAdjust(
      [
        bar('NVDA', '2021-07-19', '750', '760.4', '740', '751.2', 10_000_000),
        bar('NVDA', '2021-07-20', '187.5', '190', '186', '188.2', 40_000_000),
        bar('NVDA', '2024-06-07', '1197.7', '1216.92', '1180.22', '1208.88', 41_238_580),
        bar('NVDA', '2024-06-10', '120.37', '123.1', '117.01', '121.79', 314_162_700),
      ],
      splits,
    );
    expect(ohlcv(adjusted)).toEqual([
      ['2021-07-19', '18.75', '19.01', '18.5', '18.78', '400000000', '1/40'],
      ['2021-07-20', '18.75', '19', '18.6', '18.82', '400000000', '1/10'],
      ['2024-06-07', '119.77', '121.692', '118.022', '120.888', '412385800', '1/10'],
      ['2024-06-10', '120.37', '123.1', '117.01', '121.79', '314162700', '1'],
    ]);
  });

  it('leaves a series alone when the only split predates it, and adjusts all of it for a later one', () => {
    const series = [bar('AAPL', '2020-08-27', '508.57', '509.94', '495.33', '500.04', 38_888_096)];
    expect(ohlcv(splitAdjust(series, [split('AAPL', '2014-06-09', 1, 7)]))).toEqual([
      ['2020-08-27', '508.57', '509.94', '495.33', '500.04', '38888096', '1'],
    ]);
    expect(
      ohlcv(splitAdjust(series, [split('AAPL', '2020-08-31', 1, 4), split('AAPL', '2014-06-09', 1, 7)]))[0][6],
    ).toBe('1/4');
    expect(splitAdjust(series, [])[0].close).toBe('500.04');
  });

  it('rounds non-terminating ratios half-even to 6 decimals, once, from the exact product', () => {
    const threeForOne = [split('ABC', '2024-01-02', 1, 3)];
    const [adjusted] = splitAdjust([bar('ABC', '2023-12-29', '100', '100.000002', '99.999999', '100', 1)], threeForOne);
    expect([adjusted.open, adjusted.high, adjusted.low, adjusted.close, adjusted.volume]).toEqual([
      '33.333333',
      '33.333334',
      '33.333333',
      '33.333333',
      '3',
    ]);

    // Exact ties at the 7th decimal go to the even neighbour.
    const twoForOne = [split('ABC', '2024-01-02', 1, 2)];
    const [tie] = splitAdjust([bar('ABC', '2023-12-29', '0.000005', '0.000007', '0.000001', '0.000003', 0)], twoForOne);
    expect([tie.open, tie.high, tie.low, tie.close]).toEqual(['0.000002', '0.000004', '0', '0.000002']);

    // 3-for-2 (from 2 to 3): prices x 2/3, volumes x 3/2, exact at 6 decimals.
    const threeForTwo = [split('ABC', '2024-01-02', 2, 3)];
    const adjustedVolumes = splitAdjust(
      [
        bar('ABC', '2023-12-28', '10.5', '10.5', '10.5', '10.5', 1001),
        bar('ABC', '2023-12-29', '10.5', '10.5', '10.5', '10.5', 1003),
      ],
      threeForTwo,
    );
    expect(adjustedVolumes.map((b) => [b.close, b.volume, b.splitFactor])).toEqual([
      ['7', '1501.5', '2/3'],
      ['7', '1504.5', '2/3'],
    ]);

    // Volumes on a 1-for-3 reverse split (from 3 to 1) round half-even at the 7th decimal, fractional ones too.
    const oneForThree = [split('ABC', '2024-01-02', 3, 1)];
    const reverse = splitAdjust(
      [
        bar('ABC', '2023-12-27', '1', '1', '1', '1', 100),
        bar('ABC', '2023-12-28', '1', '1', '1', '1', '25933.6'),
        bar('ABC', '2023-12-29', '1', '1', '1', '1', '0.0000015'),
      ],
      oneForThree,
    );
    expect(reverse.map((b) => b.volume)).toEqual(['33.333333', '8644.533333', '0']);
    // An exact tie at the 7th decimal: 0.000005 / 2 = 0.0000025 goes to the even 0.000002.
    const [tieVolume] = splitAdjust(
      [bar('ABC', '2023-12-29', '1', '1', '1', '1', '0.000005')],
      [split('ABC', '2024-01-02', 2, 1)],
    );
    expect(tieVolume.volume).toBe('0.000002');
  });

  it('reads fractional split ratios exactly (split_to 1.5 is 2/3, not a float)', () => {
    const [adjusted] = splitAdjust(
      [bar('ABC', '2023-12-29', '3', '3', '3', '3', 2)],
      [split('ABC', '2024-01-02', 1, 1.5)],
    );
    expect([adjusted.close, adjusted.volume, adjusted.splitFactor]).toEqual(['2', '3', '2/3']);
  });

  it('applies a split listed twice once, and ignores other symbols splits', () => {
    const series = [bar('AAPL', '2020-08-28', '504.05', '505.77', '498.31', '499.23', 46_907_479)];
    const twice = [
      split('AAPL', '2020-08-31', 1, 4),
      split('TSLA', '2020-08-31', 1, 5),
      split('AAPL', '2020-08-31', 1, 4),
    ];
    expect(splitAdjust(series, twice)[0].close).toBe('124.8075');
  });

  it('keeps OHLC order and undoes exactly on 2-decimal prices and 2-for-1 or 4-for-1 splits', () => {
    const random = seededRandom(99);
    const price = () => (1 + Math.floor(random() * 100_000) / 100).toFixed(2);
    const splits = [split('RND', '2024-03-01', 1, 2), split('RND', '2024-06-03', 1, 4)];
    const bars: MarketDataBar[] = [];
    for (let i = 0; i < 200; i++) {
      const [low, a, b, high] = [price(), price(), price(), price()].sort((x, y) => compareDecimal(x, y));
      const date = ['2024-01-02', '2024-02-29', '2024-03-01', '2024-05-31', '2024-06-03'][i % 5];
      bars.push(bar('RND', date, a, high, low, b, Math.floor(random() * 1e9)));
    }
    splitAdjust(bars, splits).forEach((adjusted, i) => {
      expect(compareDecimal(adjusted.high, adjusted.open)).toBeGreaterThanOrEqual(0);
      expect(compareDecimal(adjusted.high, adjusted.close)).toBeGreaterThanOrEqual(0);
      expect(compareDecimal(adjusted.low, adjusted.open)).toBeLessThanOrEqual(0);
      expect(compareDecimal(adjusted.low, adjusted.close)).toBeLessThanOrEqual(0);
      // x / 8 of a 2-decimal price has at most 5 decimals: no rounding, so the factor undoes it exactly.
      const factor = cumulativeSplitFactor(bars[i].timestamp.toISOString().slice(0, 10), splits);
      const undone = multiplyRatios(ratioOfDecimal(adjusted.close), {
        numerator: factor.denominator,
        denominator: factor.numerator,
      });
      expect(undone).toEqual(ratioOfDecimal(bars[i].close));
      expect(multiplyRatios(ratioOfDecimal(adjusted.volume), factor)).toEqual(ratioOfDecimal(bars[i].volume));
    });
  });

  it('rejects bars of several symbols, malformed bars and malformed or conflicting splits', () => {
    const ok = bar('AAPL', '2020-08-28', '504.05', '505.77', '498.31', '499.23', 100);
    const aSplit = [split('AAPL', '2020-08-31', 1, 4)];
    expect(() => splitAdjust([ok, { ...ok, symbol: 'MSFT' }], aSplit)).toThrow('bars[1] is MSFT, but bars[0] is AAPL');
    expect(() => splitAdjust([{ ...ok, close: '4.99e2' }], aSplit)).toThrow(
      'bars[0].close must be a decimal string, got "4.99e2"',
    );
    expect(() => splitAdjust([{ ...ok, volume: '1e5' }], aSplit)).toThrow(
      'bars[0].volume must be a decimal string >= 0, got "1e5"',
    );
    expect(() => splitAdjust([{ ...ok, volume: '-1' }], aSplit)).toThrow(
      'bars[0].volume must be a decimal string >= 0, got "-1"',
    );
    expect(() => splitAdjust([{ ...ok, timestamp: new Date(Number.NaN) }], aSplit)).toThrow(
      'bars[0].timestamp must be a valid Date',
    );
    expect(() => splitAdjust([ok], [split('AAPL', '2020-08-31', 0, 4)])).toThrow(
      'splits[0].splitFrom must be a positive number, got 0',
    );
    expect(() => splitAdjust([ok], [split('AAPL', '2020-08-31', 1, Number.POSITIVE_INFINITY)])).toThrow(
      'splits[0].splitTo must be a positive number',
    );
    expect(() => splitAdjust([ok], [split('AAPL', '2020-8-31', 1, 4)])).toThrow(
      'splits[0].executionDate must be a YYYY-MM-DD calendar date',
    );
    expect(() => splitAdjust([ok], [split('AAPL', '2020-08-31', 1, 4), split('AAPL', '2020-08-31', 1, 5)])).toThrow(
      'AAPL has two different splits on 2020-08-31 (1:4 and 1:5)',
    );
    expect(splitAdjust([], aSplit)).toEqual([]);
  });
});

describe('cumulativeSplitFactor', () => {
  const splits = [split('NVDA', '2021-07-20', 1, 4), split('NVDA', '2024-06-10', 1, 10)];

  it('multiplies splitFrom/splitTo of every split executed after the date', () => {
    expect(formatRatio(cumulativeSplitFactor('2021-07-19', splits))).toBe('1/40');
    expect(formatRatio(cumulativeSplitFactor('2021-07-20', splits))).toBe('1/10');
    expect(formatRatio(cumulativeSplitFactor('2024-06-07', splits))).toBe('1/10');
    expect(formatRatio(cumulativeSplitFactor('2024-06-10', splits))).toBe('1');
    expect(formatRatio(cumulativeSplitFactor('2025-01-02', splits))).toBe('1');
    expect(cumulativeSplitFactor('2020-01-02', [...splits, split('NVDA', '2022-01-03', 8, 1)])).toEqual({
      numerator: 1n,
      denominator: 5n,
    });
    expect(cumulativeSplitFactor('2020-01-02', [])).toEqual({ numerator: 1n, denominator: 1n });
  });

  it('rejects a bad date and a mix of symbols', () => {
    expect(() => cumulativeSplitFactor('2021/07/19', splits)).toThrow('date must be a YYYY-MM-DD calendar date');
    expect(() => cumulativeSplitFactor('2021-07-19', [...splits, split('AAPL', '2020-08-31', 1, 4)])).toThrow(
      "splits[2] is for AAPL, but splits[0] is for NVDA: pass one symbol's splits",
    );
  });
});
