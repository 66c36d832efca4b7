/** A run's symbols in consecutive batches of at most `size` (Infinity: one batch), order kept. */
export function symbolBatches(symbols: readonly string[], size: number): string[][] {
  if (!(size >= 1 && (Number.isInteger(size) || size === Number.POSITIVE_INFINITY))) {
    throw new RangeError(`batch size must be a whole number of 1 or more, got ${size}`);
  }
  if (symbols.length <= size) return symbols.length === 0 ? [] : [[...symbols]];
  const batches: string[][] = [];
  for (let start = 0; start < symbols.length; start += size) batches.push(symbols.slice(start, start + size));
  return batches;
}
