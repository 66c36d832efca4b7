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

/**
 * A set of symbols as one short id part: how many, and a 64-bit FNV-1a digest
 * of the sorted list ("20sym-9f3c0a1b2c3d4e5f"), so a many-symbol call has an
 * id of fixed length and the same set gives the same id in any order.
 */
export function idSymbolSet(symbols: readonly string[]): string {
  if (symbols.length === 0) throw new RangeError('symbols must not be empty');
  symbols.forEach(idSymbol);
  const text = [...new Set(symbols)].sort().join(',');
  // Two 32-bit FNV-1a lanes with different offsets: plain integer arithmetic, no platform hash needed.
  let a = 0x811c9dc5;
  let b = 0x050c5d1f;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    a = Math.imul(a ^ code, 0x01000193) >>> 0;
    b = Math.imul(b ^ code, 0x01000193) >>> 0;
  }
  const hex = (n: number) => n.toString(16).padStart(8, '0');
  return `${new Set(symbols).size}sym-${hex(a)}${hex(b)}`;
}
