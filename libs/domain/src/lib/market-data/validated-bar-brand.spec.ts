import type { MarketDataBar } from './market-data-bar';
import { AAPL_2024_07_01_REPORTED } from '../test-fixtures/aapl-bar';
import { isValidatedBar, validateBar } from './validate-bar';

const candidate = AAPL_2024_07_01_REPORTED;

function validated(): MarketDataBar {
  const result = validateBar(candidate);
  if (!result.ok) throw new Error(result.reasons.join('; '));
  return result.value;
}

describe('isValidatedBar', () => {
  it('recognises a bar returned by validateBar, which is frozen with its Date', () => {
    const bar = validated();
    expect(isValidatedBar(bar)).toBe(true);
    expect(Object.isFrozen(bar)).toBe(true);
    expect(Object.isFrozen(bar.timestamp)).toBe(true);
    expect(() => ((bar as { volume: string }).volume = '-1')).toThrow(TypeError);
    expect(bar.volume).toBe('60402929');
  });

  it('does not recognise the candidate, a copy, or a look-alike', () => {
    const bar = validated();
    expect(isValidatedBar(candidate)).toBe(false);
    expect(isValidatedBar({ ...bar })).toBe(false);
    expect(isValidatedBar({ ...bar, volume: '-1' })).toBe(false);
    expect(isValidatedBar(Object.freeze({ ...bar }))).toBe(false);
    for (const other of [null, undefined, 'AAPL', 42, [bar]]) expect(isValidatedBar(other)).toBe(false);
  });

  it('stops recognising a bar whose Date was moved with setTime', () => {
    const bar = validated();
    bar.timestamp.setTime(Date.parse('2024-07-01T16:00:00Z'));
    expect(isValidatedBar(bar)).toBe(false);
    expect(validateBar(bar).ok).toBe(false);
  });
});
