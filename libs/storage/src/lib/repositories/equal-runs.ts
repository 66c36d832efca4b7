/**
 * `items` cut into `count` consecutive runs, in order, whose lengths differ
 * by at most one: how a read splits its symbols over parallel COPY streams.
 * Every item is in exactly one run; with fewer items than runs, some runs
 * are empty.
 */
export function equalRuns<T>(items: readonly T[], count: number): T[][] {
  if (!Number.isInteger(count) || count < 1) throw new RangeError(`count must be a positive integer, got ${count}`);
  return Array.from({ length: count }, (_, k) =>
    items.slice(Math.floor((items.length * k) / count), Math.floor((items.length * (k + 1)) / count)),
  );
}
