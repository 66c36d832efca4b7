import { isIsoDate, type IsoDate } from '../time/iso-date';
import { parseRfc3339 } from '../time/instant';
import { isDecimalString, type DecimalString } from './decimal-string';
import { describeValue } from './describe-value';
import { accepted, rejected, type Validated } from './validated';

/**
 * Reads fields of one untrusted provider object and collects a reason for
 * every field that is missing or of the wrong kind. A bad field yields a
 * placeholder so reading can go on (all reasons, not just the first); the
 * placeholder never escapes, because `result` rejects when any reason exists.
 */
export class FieldReader {
  private readonly reasons: string[] = [];

  constructor(
    private readonly row: Record<string, unknown>,
    private readonly labels: Readonly<Record<string, string>> = {},
  ) {}

  /** Adds a reason found by the caller (cross-field rules). */
  problem(reason: string): void {
    this.reasons.push(reason);
  }

  hasProblems(): boolean {
    return this.reasons.length > 0;
  }

  result<T>(build: () => T): Validated<T> {
    return this.reasons.length > 0 ? rejected([...this.reasons]) : accepted(build());
  }

  raw(key: string): unknown {
    return this.row[key];
  }

  label(key: string): string {
    return this.labels[key] ?? key;
  }

  /** A required, non-empty string. */
  string(key: string): string {
    const value = this.present(key);
    if (value === undefined) {
      return '';
    }
    if (typeof value !== 'string') {
      return this.fail(`${this.label(key)} must be a string, got ${describeValue(value)}`, '');
    }
    if (value.length === 0) {
      return this.fail(`${this.label(key)} is empty`, '');
    }
    return value;
  }

  /** A string, or null when absent or JSON null. */
  optionalString(key: string): string | null {
    return this.isAbsent(key) ? null : this.string(key);
  }

  /** A required finite JSON number. */
  number(key: string): number {
    const value = this.present(key);
    if (value === undefined) {
      return 0;
    }
    if (typeof value !== 'number') {
      return this.fail(`${this.label(key)} must be a number, got ${describeValue(value)}`, 0);
    }
    if (!Number.isFinite(value)) {
      return this.fail(`${this.label(key)} must be a finite number, got ${describeValue(value)}`, 0);
    }
    return value;
  }

  optionalNumber(key: string): number | null {
    return this.isAbsent(key) ? null : this.number(key);
  }

  /** A required whole number >= 0 (counters such as daytrade_count). */
  count(key: string): number {
    const value = this.number(key);
    if (!Number.isSafeInteger(value) || value < 0) {
      return this.fail(`${this.label(key)} must be a whole number of 0 or more, got ${describeValue(value)}`, 0);
    }
    return value;
  }

  boolean(key: string): boolean {
    const value = this.present(key);
    if (value === undefined) {
      return false;
    }
    if (typeof value !== 'boolean') {
      return this.fail(`${this.label(key)} must be true or false, got ${describeValue(value)}`, false);
    }
    return value;
  }

  /** Decimal text kept exactly as sent; a JSON number is refused (it was already rounded to a float). */
  decimal(key: string): DecimalString {
    const value = this.present(key);
    if (value === undefined) {
      return '0';
    }
    if (typeof value !== 'string') {
      return this.fail(`${this.label(key)} must be a decimal string, got ${describeValue(value)}`, '0');
    }
    if (!isDecimalString(value)) {
      return this.fail(`${this.label(key)} ${describeValue(value)} is not a decimal number`, '0');
    }
    return value;
  }

  optionalDecimal(key: string): DecimalString | null {
    return this.isAbsent(key) ? null : this.decimal(key);
  }

  timestamp(key: string): Date {
    const result = parseRfc3339(this.row[key], this.label(key));
    return 'problem' in result ? this.fail(result.problem, new Date(0)) : result.instant;
  }

  optionalTimestamp(key: string): Date | null {
    return this.isAbsent(key) ? null : this.timestamp(key);
  }

  isoDate(key: string): IsoDate {
    const value = this.present(key);
    if (value === undefined) {
      return '1970-01-01';
    }
    if (!isIsoDate(value)) {
      return this.fail(`${this.label(key)} must be a YYYY-MM-DD date, got ${describeValue(value)}`, '1970-01-01');
    }
    return value;
  }

  optionalIsoDate(key: string): IsoDate | null {
    return this.isAbsent(key) ? null : this.isoDate(key);
  }

  /** One of a fixed set of strings. */
  oneOf<T extends string>(key: string, allowed: readonly T[]): T {
    const value = this.present(key);
    if (value === undefined) {
      return allowed[0];
    }
    if (!(allowed as readonly unknown[]).includes(value)) {
      const options = allowed.map((a) => `"${a}"`).join(', ');
      return this.fail(`${this.label(key)} must be one of ${options}, got ${describeValue(value)}`, allowed[0]);
    }
    return value as T;
  }

  private isAbsent(key: string): boolean {
    return this.row[key] === undefined || this.row[key] === null;
  }

  /** The value, or undefined after recording that it is missing. */
  private present(key: string): unknown {
    if (this.isAbsent(key)) {
      this.reasons.push(`${this.label(key)} is missing`);
      return undefined;
    }
    return this.row[key];
  }

  private fail<T>(reason: string, placeholder: T): T {
    this.reasons.push(reason);
    return placeholder;
  }
}

/** Rejects a non-object row up front, so transformers can read fields safely. */
export function readRecord(
  value: unknown,
  what: string,
  labels: Readonly<Record<string, string>> = {},
): FieldReader | string {
  if (typeof value !== 'object' || value === null || Array.isArray(value) || value instanceof Date) {
    return `${what} must be an object, got ${describeValue(value)}`;
  }
  return new FieldReader(value as Record<string, unknown>, labels);
}

/**
 * Reads one record: a non-object is rejected up front; otherwise `read` builds
 * the value with the reader (and may add problems of its own), and the value
 * is accepted only when no field had a problem.
 */
export function readFields<T>(value: unknown, what: string, read: (reader: FieldReader) => T): Validated<T> {
  const reader = readRecord(value, what);
  if (typeof reader === 'string') {
    return rejected([reader]);
  }
  const built = read(reader);
  return reader.result(() => built);
}
