import { readFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * Recorded provider payloads, copied from the shared provider-api fixtures so
 * this library's tests do not depend on files outside it.
 */
export function readFixture<T = unknown>(name: string): T {
  return JSON.parse(readFileSync(join(__dirname, name), 'utf8')) as T;
}
