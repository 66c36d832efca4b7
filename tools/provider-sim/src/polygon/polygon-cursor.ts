import { BadParam } from './polygon-responses';

/** Opaque base64url cursors, like Polygon's: they carry the query so next_url needs nothing else. */
export function encodeCursor<T>(value: T): string {
  return Buffer.from(JSON.stringify(value), 'utf8').toString('base64url');
}

export function decodeCursor<T>(text: string): T {
  try {
    const value = JSON.parse(Buffer.from(text, 'base64url').toString('utf8')) as unknown;
    if (value === null || typeof value !== 'object') throw new Error('not an object');
    return value as T;
  } catch {
    throw new BadParam(`Could not parse the 'cursor' parameter: '${text}'`);
  }
}
