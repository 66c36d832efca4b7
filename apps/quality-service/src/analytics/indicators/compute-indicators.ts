import type { DataFrame } from 'nodejs-polars';
import type { IndicatorRequest } from './indicator-registry';

/**
 * Adds every requested indicator to one symbol's bars (sorted by session).
 * Pass n of every indicator runs before pass n + 1, so a signal line can
 * read the line it smooths.
 */
export function computeIndicators(bars: DataFrame, requests: readonly IndicatorRequest[]): DataFrame {
  const stages = requests.map((request) => request.definition.stages(request.params));
  const passes = Math.max(0, ...stages.map((s) => s.length));
  let frame = bars;
  for (let pass = 0; pass < passes; pass++) {
    const exprs = stages.flatMap((s) => s[pass] ?? []);
    if (exprs.length > 0) frame = frame.withColumns(...exprs);
  }
  return frame;
}

/** Sessions of history to load before `from` so every indicator is warm on `from`. */
export function warmupSessions(requests: readonly IndicatorRequest[]): number {
  return Math.max(0, ...requests.map((r) => r.definition.warmup(r.params)));
}
