import { etMidnight, sessionDateOf } from '../time/new-york-time';
import { SESSION_ANCHOR_CACHE_LIMIT, sessionAnchorCacheSize, sessionAnchorMillis } from './session-anchor';

describe('sessionAnchorMillis', () => {
  it('stays bounded and gives the uncached answer for every instant, evicted or not', () => {
    const start = Date.parse('2020-01-01T00:00:00Z');
    const hour = 3_600_000;
    const instants = Array.from(
      { length: SESSION_ANCHOR_CACHE_LIMIT * 2 + 7 },
      (_, i) => start + i * 7 * hour + (i % 3),
    );
    for (const pass of [1, 2]) {
      for (const instant of instants) {
        expect([pass, sessionAnchorMillis(instant)]).toEqual([
          pass,
          etMidnight(sessionDateOf(new Date(instant))).getTime(),
        ]);
      }
      expect(sessionAnchorCacheSize()).toBeLessThanOrEqual(SESSION_ANCHOR_CACHE_LIMIT);
    }
  });

  it('anchors both sides of a DST switch on their own midnight', () => {
    expect(new Date(sessionAnchorMillis(Date.parse('2024-03-10T12:00:00Z'))).toISOString()).toBe(
      '2024-03-10T05:00:00.000Z',
    );
    expect(new Date(sessionAnchorMillis(Date.parse('2024-03-11T12:00:00Z'))).toISOString()).toBe(
      '2024-03-11T04:00:00.000Z',
    );
    expect(new Date(sessionAnchorMillis(Date.parse('2024-11-04T03:59:59Z'))).toISOString()).toBe(
      '2024-11-03T04:00:00.000Z',
    );
  });
});
