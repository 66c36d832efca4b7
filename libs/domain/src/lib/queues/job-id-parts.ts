import { symbolProblem } from '../market-data/symbol-rule';
import { assertIsoDate } from '../time/iso-date';
import { parseRfc3339 } from '../time/instant';

/*
 * Id parts shared by the providers' job codecs. Each validates its value and
 * renders it without ':' or '|': timestamps as compact UTC
 * ("20240701T134503.839Z"), free text URI-encoded.
 */

export function idDate(value: string, what: string): string {
  assertIsoDate(value, what);
  return value;
}

export function idRange(from: string, to: string, fromName = 'from', toName = 'to'): string[] {
  idDate(from, fromName);
  idDate(to, toName);
  if (from > to) {
    throw new RangeError(`${fromName} ${from} is after ${toName} ${to}`);
  }
  return [from, to];
}

export function idSymbol(value: string): string {
  const problem = symbolProblem(value);
  if (problem) {
    throw new RangeError(problem);
  }
  return value;
}

export function idInstant(value: string): string {
  const result = parseRfc3339(value, 'timestamp');
  if ('problem' in result) {
    throw new RangeError(result.problem);
  }
  return result.instant.toISOString().replace(/[-:]/g, '');
}

export function idOptional(key: string, value: string | undefined, render: (v: string) => string): string[] {
  return value === undefined ? [] : [`${key}=${render(value)}`];
}
