import type { Validated } from '@mdi/domain';

/** A provider row that failed validation, kept with every reason so it can be logged and counted. */
export interface RejectedProviderRow {
  readonly row: unknown;
  readonly reasons: readonly string[];
}

/**
 * What every provider call returns: validated domain models, and the rows
 * that were refused. A bad row never becomes good data and never throws.
 */
export interface ProviderResult<T> {
  readonly items: T[];
  readonly rejected: RejectedProviderRow[];
}

/** One page of a listing; `nextCursor` is null on the last page. */
export interface ProviderPage<T> extends ProviderResult<T> {
  readonly nextCursor: string | null;
}

export interface TransformOptions<T> {
  /**
   * Natural key of an item. Providers sometimes repeat a row: an exact repeat
   * is dropped with a reason; different rows for one key are all refused,
   * because storing either would be a guess.
   */
  readonly keyOf?: (item: T) => string;
  /** Order of the accepted items (providers may send rows out of order). */
  readonly compare?: (a: T, b: T) => number;
}

/** Runs a domain transformer over raw rows and splits the outcome. */
export function transformRows<T>(
  rows: readonly unknown[],
  transform: (row: unknown) => Validated<T>,
  options: TransformOptions<T> = {},
): ProviderResult<T> {
  const accepted: { value: T; row: unknown }[] = [];
  const rejected: RejectedProviderRow[] = [];
  for (const row of rows) {
    const outcome = transform(row);
    if (outcome.ok) {
      accepted.push({ value: outcome.value, row });
    } else {
      rejected.push({ row, reasons: outcome.reasons });
    }
  }
  const items = options.keyOf ? dropDuplicates(accepted, options.keyOf, rejected) : accepted.map((a) => a.value);
  if (options.compare) {
    items.sort(options.compare);
  }
  return { items, rejected };
}

function dropDuplicates<T>(
  accepted: { value: T; row: unknown }[],
  keyOf: (item: T) => string,
  rejected: RejectedProviderRow[],
): T[] {
  const groups = new Map<string, { value: T; row: unknown }[]>();
  for (const entry of accepted) {
    const key = keyOf(entry.value);
    const group = groups.get(key);
    if (group) {
      group.push(entry);
    } else {
      groups.set(key, [entry]);
    }
  }
  const items: T[] = [];
  for (const [key, group] of groups) {
    const first = JSON.stringify(group[0].value);
    if (group.every((entry) => JSON.stringify(entry.value) === first)) {
      items.push(group[0].value);
      for (const extra of group.slice(1)) {
        rejected.push({ row: extra.row, reasons: [`duplicate of an earlier row for ${key}`] });
      }
    } else {
      for (const entry of group) {
        rejected.push({ row: entry.row, reasons: [`${group.length} conflicting rows for ${key}; none is stored`] });
      }
    }
  }
  return items;
}
