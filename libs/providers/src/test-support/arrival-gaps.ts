/** The median time between one call's arrival at the simulator and the next's (its `arrivalsMs`). */
export function medianGapMs(arrivalsMs: readonly number[]): number {
  const sorted = [...arrivalsMs].sort((a, b) => a - b);
  const gaps = sorted
    .slice(1)
    .map((at, i) => at - sorted[i])
    .sort((a, b) => a - b);
  return gaps[Math.floor(gaps.length / 2)];
}
