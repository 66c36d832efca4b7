import { etMidnight } from '../time/new-york-time';
import { barViolationsViaClassValidator } from './class-validator-bar-violations';
import { barViolations, validateBar } from './validate-bar';

/** Park-Miller minimal standard generator: the same bars on every run. */
function seeded(seed: number): () => number {
  let state = seed;
  return () => (state = (state * 48_271) % 2_147_483_647) / 2_147_483_647;
}

const random = seeded(20_240_701);
const pickOne = <T>(values: readonly T[]): T => values[Math.floor(random() * values.length)] as T;
const chance = (p: number) => random() < p;

const ANCHORS = ['2024-03-08', '2024-03-11', '2024-07-01', '2024-11-01', '2024-11-04', '2023-12-29', '2025-01-02'].map(
  etMidnight,
);

function goodPrice(): number | string {
  const micros = 1 + Math.floor(random() * 1e9);
  const text = (micros / 1e6).toFixed(pickOne([0, 2, 4, 6]));
  return chance(0.5) ? Number(text) : text;
}

function badPrice(): unknown {
  return pickOne<unknown>([
    NaN,
    Infinity,
    -Infinity,
    0,
    -1.5,
    '0.000',
    '-3',
    '1e2',
    'abc',
    '',
    true,
    null,
    undefined,
    {},
    [],
    '1.1234567',
    212.0900001,
    1e-7,
    '1234567890123',
    '999999999999.999999',
    '0.000001',
    '007.50',
    '-0',
    1e21,
  ]);
}

function goodVolume(): number | string {
  const whole = Math.floor(random() * 1e9);
  const text = chance(0.5) ? String(whole) : (whole + random()).toFixed(pickOne([1, 3, 6]));
  return chance(0.5) ? Number(text) : text;
}

function badVolume(): unknown {
  return pickOne<unknown>([
    -1,
    -0.5,
    '-3',
    NaN,
    Infinity,
    '1e5',
    'abc',
    '',
    true,
    null,
    undefined,
    {},
    25933.1234567,
    '0.0000001',
    1e20,
    '12345678901234567890',
    0,
    -0,
    '-0',
    '0.000001',
    '9999999999999999999.999999',
  ]);
}

function timestamp(): unknown {
  const anchor = pickOne(ANCHORS);
  if (!chance(0.3)) return chance(0.5) ? new Date(anchor.getTime()) : anchor.getTime();
  return pickOne<unknown>([
    anchor.toISOString(),
    anchor.toISOString().replace('Z', '+00:00'),
    new Date(anchor.getTime() + 3_600_000),
    new Date(anchor.getTime() + 12 * 3_600_000),
    anchor.getTime() - 1,
    anchor.getTime() + 0.5,
    new Date('garbage'),
    '2024-07-01',
    '2024-02-30T05:00:00Z',
    '2024-07-01T00:00:00-04:00',
    '2024-07-01T04:00:00.000000001Z',
    NaN,
    null,
    undefined,
    {},
  ]);
}

function candidate(): Record<string, unknown> {
  const bar: Record<string, unknown> = {
    symbol: chance(0.85)
      ? pickOne(['AAPL', 'BRK.B', 'BF.A', 'A', 'GOOGL', 'ABCDEF.XY'])
      : pickOne<unknown>([
          '',
          'aapl',
          'KIMpL',
          'BRK.b',
          'ABCDEFG',
          'BRK.',
          'A1',
          'ÄPPL',
          'ABCDEFGHIJK',
          42,
          null,
          undefined,
        ]),
    timestamp: timestamp(),
    open: chance(0.85) ? goodPrice() : badPrice(),
    high: chance(0.85) ? goodPrice() : badPrice(),
    low: chance(0.85) ? goodPrice() : badPrice(),
    close: chance(0.85) ? goodPrice() : badPrice(),
    volume: chance(0.85) ? goodVolume() : badVolume(),
    source: chance(0.9) ? pickOne(['polygon', 'alpaca']) : pickOne<unknown>(['iex', 'Polygon', null, undefined, 1]),
  };
  // Make a share of the bars consistent, so the accept path is exercised too.
  if (chance(0.4)) {
    const prices = [goodPrice(), goodPrice(), goodPrice(), goodPrice()].sort((a, b) => Number(a) - Number(b));
    [bar['low'], bar['open'], bar['close'], bar['high']] = chance(0.5)
      ? prices
      : [prices[0], prices[2], prices[1], prices[3]];
  }
  if (chance(0.05)) delete bar[pickOne(Object.keys(bar))];
  return bar;
}

describe('validateBar fast path vs class-validator on BarCandidate', () => {
  it('report the same violations, in the same order, for 20,000 generated good and bad bars', () => {
    let accepted = 0;
    let rejected = 0;
    for (let i = 0; i < 20_000; i += 1) {
      const bar = candidate();
      const reference = barViolationsViaClassValidator(bar);
      expect(barViolations(bar)).toEqual(reference);
      const result = validateBar(bar);
      expect(result.ok ? [] : result.reasons).toEqual(reference.map((v) => v.reason));
      if (result.ok) accepted += 1;
      else rejected += 1;
    }
    // The generator must reach both outcomes often, or the comparison proves little.
    expect(accepted).toBeGreaterThan(2_000);
    expect(rejected).toBeGreaterThan(2_000);
  });
});
