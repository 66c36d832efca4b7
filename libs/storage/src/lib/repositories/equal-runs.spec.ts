import { equalRuns } from './equal-runs';

describe('equalRuns', () => {
  it('keeps every item once, in order, in runs whose lengths differ by at most one', () => {
    const items = Array.from({ length: 11 }, (_, i) => `S${i}`);
    for (const count of [1, 2, 3, 4, 11]) {
      const runs = equalRuns(items, count);
      expect(runs).toHaveLength(count);
      expect(runs.flat()).toEqual(items);
      const lengths = runs.map((run) => run.length);
      expect(Math.max(...lengths) - Math.min(...lengths)).toBeLessThanOrEqual(1);
    }
    expect(equalRuns(items, 3).map((run) => run.length)).toEqual([3, 4, 4]);
  });

  it('leaves runs empty when there are fewer items than runs', () => {
    expect(equalRuns(['A', 'B'], 4)).toEqual([[], ['A'], [], ['B']]);
    expect(equalRuns([], 2)).toEqual([[], []]);
  });

  it('refuses a count that is not a positive integer', () => {
    expect(() => equalRuns(['A'], 0)).toThrow('count must be a positive integer, got 0');
    expect(() => equalRuns(['A'], 1.5)).toThrow(RangeError);
  });
});
