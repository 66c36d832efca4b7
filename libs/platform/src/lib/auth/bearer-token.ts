import { createHash, timingSafeEqual } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';

/** The token of an `Authorization: Bearer <token>` header; null when the header is absent or another scheme. */
export function bearerTokenOf(headers: IncomingHttpHeaders): string | null {
  const header = headers['authorization'];
  if (typeof header !== 'string') return null;
  const match = /^Bearer[ \t]+(\S+)[ \t]*$/i.exec(header);
  return match ? match[1] : null;
}

/**
 * Compares a presented token with the expected one in constant time: both
 * are hashed first, so neither the content nor the length of the expected
 * token shows in how long the comparison takes.
 */
export function tokensMatch(presented: string, expected: string): boolean {
  const digest = (value: string) => createHash('sha256').update(value, 'utf8').digest();
  return timingSafeEqual(digest(presented), digest(expected));
}
