import pl from 'nodejs-polars';
import { computeIndicators } from './compute-indicators';
import { parseIndicatorList } from './indicator-registry';

/*
 * Expected values were worked out by hand (fractions kept exact) for this
 * five-session series; see each comment for the arithmetic.
 */
const bars = pl.DataFrame({
  close: [10, 12, 11, 13, 12],
  high: [11, 13, 12, 14, 13],
  low: [9, 11, 10, 12, 11],
});
const column = (request: string, name: string) =>
  computeIndicators(bars, parseIndicatorList(request)).getColumn(name).toArray() as (number | null)[];

function expectSeries(actual: (number | null)[], expected: (number | null)[]): void {
  expect(actual).toHaveLength(expected.length);
  expected.forEach((value, i) =>
    value === null ? expect(actual[i]).toBeNull() : expect(actual[i]).toBeCloseTo(value, 10),
  );
}

describe('technical indicators (polars) against hand-computed values', () => {
  it('sma:3 is the mean of the last three closes', () => {
    expectSeries(column('sma:3', 'sma_3'), [null, null, 11, 12, 12]);
  });

  it('ema:3 smooths with a = 1/2 from the first close', () => {
    // 10; 10 + (12-10)/2 = 11; 11 + (11-11)/2 = 11; 11 + (13-11)/2 = 12; 12 + 0 = 12
    expectSeries(column('ema:3', 'ema_3'), [null, null, 11, 12, 12]);
  });

  it('rsi:3 uses Wilder smoothing (a = 1/3) of gains and losses', () => {
    // changes +2 -1 +2 -1. gains 2, 4/3, 14/9, 28/27; losses 0, 1/3, 2/9, 13/27.
    // row 3: RS = (14/9)/(2/9) = 7, RSI = 100 - 100/8 = 87.5; row 4: RS = 28/13, RSI = 2800/41.
    expectSeries(column('rsi:3', 'rsi_3'), [null, null, null, 87.5, 2800 / 41]);
  });

  it('macd:2:3:2 is fast EMA minus slow EMA, with its signal line and histogram', () => {
    // fast (a = 2/3): 10, 34/3, 100/9, 334/27, 982/81; slow (a = 1/2): 10, 11, 11, 12, 12.
    // MACD from row 2: 1/9, 10/27, 10/81. Signal (a = 2/3) from 1/9: -, 23/81, 43/243.
    expectSeries(column('macd:2:3:2', 'macd_2_3_2'), [null, null, 1 / 9, 10 / 27, 10 / 81]);
    expectSeries(column('macd:2:3:2', 'macd_signal_2_3_2'), [null, null, null, 23 / 81, 43 / 243]);
    expectSeries(column('macd:2:3:2', 'macd_histogram_2_3_2'), [null, null, null, 7 / 81, -13 / 243]);
  });

  it('bollinger:3:2 is SMA(3) +/- 2 population standard deviations', () => {
    // Every window (10,12,11), (12,11,13), (11,13,12) has squared deviations 1+1+0 = 2, sd = sqrt(2/3).
    const band = 2 * Math.sqrt(2 / 3);
    expectSeries(column('bollinger:3:2', 'bollinger_middle_3_2'), [null, null, 11, 12, 12]);
    expectSeries(column('bollinger:3:2', 'bollinger_upper_3_2'), [null, null, 11 + band, 12 + band, 12 + band]);
    expectSeries(column('bollinger:3:2', 'bollinger_lower_3_2'), [null, null, 11 - band, 12 - band, 12 - band]);
  });

  it('atr:3 is Wilder-smoothed true range', () => {
    // TR: 2, max(2,3,1) = 3, max(2,0,2) = 2, max(2,3,1) = 3, max(2,0,2) = 2.
    // ATR (a = 1/3): 2, 7/3, 20/9, 67/27, 188/81.
    expectSeries(column('atr:3', 'atr_3'), [null, null, 20 / 9, 67 / 27, 188 / 81]);
  });

  it('computes several indicators in one pass', () => {
    const frame = computeIndicators(bars, parseIndicatorList('sma:3,macd:2:3:2,atr:3'));
    expect(frame.columns).toEqual([
      'close',
      'high',
      'low',
      'sma_3',
      'macd_2_3_2',
      'atr_3',
      'macd_signal_2_3_2',
      'macd_histogram_2_3_2',
    ]);
  });
});

describe('parseIndicatorList', () => {
  it('uses the standard parameters by default', () => {
    expect(
      parseIndicatorList('sma,ema,rsi,macd,bollinger,atr').map((r) => `${r.definition.name}:${r.params.join(':')}`),
    ).toEqual(['sma:20', 'ema:20', 'rsi:14', 'macd:12:26:9', 'bollinger:20:2', 'atr:14']);
  });

  it.each([
    ['vwap', /unknown indicator "vwap" \(known: sma, ema, rsi, macd, bollinger, atr\)/],
    ['sma,,ema', /comma-separated list/],
    ['', /comma-separated list/],
    ['sma:0', /^sma:0: sma period must be a whole number from 1 to 500$/],
    ['sma:2.5', /whole number/],
    ['sma:x', /parameters must be positive numbers/],
    ['sma:5:6', /sma takes one parameter/],
    ['macd:26:12:9', /fast period must be shorter/],
    ['macd:12:26', /three parameters/],
    ['bollinger:20:0', /width must be above 0/],
  ])('refuses %j', (text, reason) => {
    expect(() => parseIndicatorList(text)).toThrow(reason);
  });
});
