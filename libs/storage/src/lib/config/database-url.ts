/**
 * Thrown for a missing or malformed DATABASE_URL. The message names the
 * variable so a start-up failure is one readable line, not a pg stack trace.
 */
export class DatabaseUrlError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'DatabaseUrlError';
  }
}

const EXPECTED = 'expected postgres://user[:password]@host[:port]/database';

/** Validates a PostgreSQL connection URL and returns it unchanged. */
export function parseDatabaseUrl(value: string | undefined, variable = 'DATABASE_URL'): string {
  if (value === undefined || value.trim() === '') {
    throw new DatabaseUrlError(`${variable} is not set (${EXPECTED})`);
  }
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new DatabaseUrlError(`${variable} is malformed (${EXPECTED})`);
  }
  if (url.protocol !== 'postgres:' && url.protocol !== 'postgresql:') {
    throw new DatabaseUrlError(`${variable} has protocol "${url.protocol}" (${EXPECTED})`);
  }
  if (url.hostname === '' || url.pathname.replace(/^\//, '') === '') {
    throw new DatabaseUrlError(`${variable} must name a host and a database (${EXPECTED})`);
  }
  return value;
}

/** The URL with its password masked, for log lines. */
export function redactDatabaseUrl(value: string): string {
  try {
    const url = new URL(value);
    if (url.password !== '') url.password = '***';
    return url.toString();
  } catch {
    return '<unparseable>';
  }
}
