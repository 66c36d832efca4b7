import { createHmac } from 'node:crypto';
import { tokensMatch } from '@mdi/platform';

/** The cookie a browser gets for the queue dashboard after presenting the admin token once. */
export const ADMIN_SESSION_COOKIE = 'mdi_admin_session';
export const ADMIN_SESSION_SECONDS = 3600;

const signature = (adminToken: string, expiresAt: number) =>
  createHmac('sha256', adminToken).update(`mdi-admin-session:${expiresAt}`).digest('base64url');

/**
 * `<expiry ms>.<HMAC-SHA256 of it keyed by the admin token>`: stateless, so
 * every replica accepts it; never the token itself; void when the admin
 * token changes or the hour is over.
 */
export function issueSession(adminToken: string, now = Date.now()): string {
  const expiresAt = now + ADMIN_SESSION_SECONDS * 1000;
  return `${expiresAt}.${signature(adminToken, expiresAt)}`;
}

export function sessionIsValid(value: string | undefined, adminToken: string, now = Date.now()): boolean {
  const match = /^(\d{13})\.([A-Za-z0-9_-]{43})$/.exec(value ?? '');
  if (!match) return false;
  const expiresAt = Number(match[1]);
  return expiresAt > now && tokensMatch(match[2], signature(adminToken, expiresAt));
}

/** One cookie's value from a Cookie header. */
export function cookieValue(header: string | undefined, name: string): string | undefined {
  for (const part of (header ?? '').split(';')) {
    const separator = part.indexOf('=');
    if (separator > 0 && part.slice(0, separator).trim() === name) return part.slice(separator + 1).trim();
  }
  return undefined;
}
