import { readFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * Recorded provider payloads (the vendors' documented examples), kept here so
 * this library's tests do not depend on files outside it.
 */
export function readFixture<T = unknown>(name: string): T {
  return JSON.parse(readFileSync(join(__dirname, name), 'utf8')) as T;
}
