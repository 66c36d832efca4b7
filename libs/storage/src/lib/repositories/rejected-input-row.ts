/** An input row a repository refused to store, and every reason why. */
export interface RejectedInputRow {
  /** Position in the input array. */
  readonly index: number;
  readonly symbol: string;
  readonly reasons: readonly string[];
}

export function symbolOf(candidate: unknown): string {
  const value = (candidate as { symbol?: unknown } | null | undefined)?.symbol;
  return typeof value === 'string' ? value : String(value);
}

/** Splits rows into those with no problem and rejections. */
export function partitionRows<T>(
  rows: readonly T[],
  problemsOf: (row: T) => string[],
): { valid: T[]; rejected: RejectedInputRow[] } {
  const valid: T[] = [];
  const rejected: RejectedInputRow[] = [];
  rows.forEach((row, index) => {
    const reasons = problemsOf(row);
    if (reasons.length === 0) valid.push(row);
    else rejected.push({ index, symbol: symbolOf(row), reasons });
  });
  return { valid, rejected };
}

/** Keeps the last row of each key, in order of last appearance; counts the dropped ones. */
export function lastPerKey<T>(rows: readonly T[], keyOf: (row: T) => string): { rows: T[]; duplicates: number } {
  const byKey = new Map<string, T>();
  let duplicates = 0;
  for (const row of rows) {
    const key = keyOf(row);
    if (byKey.delete(key)) duplicates += 1;
    byKey.set(key, row);
  }
  return { rows: [...byKey.values()], duplicates };
}
