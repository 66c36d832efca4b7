import { randomBytes, scrypt, timingSafeEqual } from 'node:crypto';

/*
 * What provider_config stores instead of a key: scrypt$<salt>$<hash>
 * (base64url). Salted, so the column cannot be looked up in a table of
 * hashes of known keys; scrypt, so guessing keys from it is slow.
 */
const KEY_LENGTH = 32;
const SALT_BYTES = 16;
const FORMAT = /^scrypt\$([A-Za-z0-9_-]{16,64})\$([A-Za-z0-9_-]{40,88})$/;

function derive(secret: string, salt: Buffer): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    scrypt(secret, salt, KEY_LENGTH, (error, key) => (error ? reject(error) : resolve(key)));
  });
}

export async function hashApiKey(secret: string, salt: Buffer = randomBytes(SALT_BYTES)): Promise<string> {
  if (secret.length === 0) throw new RangeError('cannot hash an empty key');
  const hash = await derive(secret, salt);
  return `scrypt$${salt.toString('base64url')}$${hash.toString('base64url')}`;
}

/** True when `stored` is a hash of `secret` (false for anything that is not our format). */
export async function apiKeyMatches(secret: string, stored: string | null): Promise<boolean> {
  const match = stored === null ? null : FORMAT.exec(stored);
  if (!match) return false;
  const expected = Buffer.from(match[2], 'base64url');
  const actual = await derive(secret, Buffer.from(match[1], 'base64url'));
  return expected.length === actual.length && timingSafeEqual(expected, actual);
}
