import { symbolProblem } from '../market-data/symbol-rule';
import type { FieldReader } from '../shared/field-reader';

/*
 * Field readers shared by the providers' job codecs (defineJobCodec's read):
 * each adds its problems to the reader, so a refused job lists every reason.
 */

export function readJobSymbol(reader: FieldReader): string {
  const value = reader.raw('symbol');
  const problem = symbolProblem(value);
  if (problem) {
    reader.problem(problem);
  }
  return typeof value === 'string' ? value : '';
}

/** from/to (or start/end) dates, inclusive, the first not after the second. */
export function readDateRange<F extends string, T extends string>(
  reader: FieldReader,
  fromKey: F,
  toKey: T,
): { [key in F | T]: string } {
  const from = reader.isoDate(fromKey);
  const to = reader.isoDate(toKey);
  if (!reader.hasProblems() && from > to) {
    reader.problem(`${fromKey} ${from} is after ${toKey} ${to}`);
  }
  return { [fromKey]: from, [toKey]: to } as { [key in F | T]: string };
}

export function readOptionalInstant<K extends string>(reader: FieldReader, key: K): { [key in K]?: string } {
  const value = reader.raw(key);
  if (value === undefined) {
    return {};
  }
  reader.timestamp(key);
  return { [key]: value as string } as { [key in K]?: string };
}

export function readOptionalText<K extends string>(reader: FieldReader, key: K): { [key in K]?: string } {
  if (reader.raw(key) === undefined) {
    return {};
  }
  return { [key]: reader.string(key) } as { [key in K]?: string };
}
