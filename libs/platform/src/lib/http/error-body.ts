import { HttpStatus } from '@nestjs/common';

/**
 * The one error body of every service: `message` says what was wrong (one
 * sentence, or every reason at once), `reasons` lists each reason where
 * `message` is a summary. OpenAPI: ERROR_SCHEMA.
 */
export interface ErrorBody {
  readonly statusCode: number;
  readonly error: string;
  readonly message: string | readonly string[];
  readonly reasons?: readonly string[];
}

/** "Bad Request", "Internal Server Error", ... for a status code. */
export function statusText(status: number): string {
  const name = HttpStatus[status];
  if (typeof name !== 'string') return status >= 500 ? 'Server Error' : 'Client Error';
  return name
    .toLowerCase()
    .split('_')
    .map((word) => word.charAt(0).toUpperCase() + word.slice(1))
    .join(' ');
}

/**
 * A 400 naming every reason in `reasons`; `message` is the given summary
 * (`invalid backfill request`), else the one reason, else all of them.
 */
export function badRequestBody(reasons: readonly string[], summary?: string): ErrorBody {
  const message = summary ?? (reasons.length === 1 ? reasons[0] : `${reasons.length} problems: ${reasons.join('; ')}`);
  return { statusCode: 400, error: 'Bad Request', message, reasons };
}
