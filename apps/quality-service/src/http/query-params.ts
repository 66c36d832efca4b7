import { addDays, isIsoDate, type IsoDate } from '@mdi/domain';
import { BadRequestException } from '@nestjs/common';

/**
 * The dates a query may name: market data of this system lies well inside,
 * and date arithmetic on them (a range's end plus a day, an indicator's
 * warm-up before its start) stays within four-digit years.
 */
export const QUERY_DATES = { first: '1970-01-01', last: '2099-12-31' } as const;

/** A YYYY-MM-DD query parameter within QUERY_DATES, or the fallback when absent; 400 with the reason otherwise. */
export function dateParam(name: string, value: unknown, fallback: IsoDate): IsoDate {
  if (value === undefined || value === '') return fallback;
  if (!isIsoDate(value))
    throw new BadRequestException(`${name} must be a calendar date YYYY-MM-DD, got ${JSON.stringify(value)}`);
  if (value < QUERY_DATES.first || value > QUERY_DATES.last) {
    throw new BadRequestException(
      `${name} must be a date from ${QUERY_DATES.first} to ${QUERY_DATES.last}, got ${JSON.stringify(value)}`,
    );
  }
  return value;
}

/** from/to with defaults: `days` days up to `today`. */
export function dateRangeParams(
  query: { from?: unknown; to?: unknown },
  today: IsoDate,
  days: number,
): { from: IsoDate; to: IsoDate } {
  const to = dateParam('to', query.to, today);
  const from = dateParam('from', query.from, addDays(to, -days));
  if (from > to) throw new BadRequestException(`from (${from}) is after to (${to})`);
  return { from, to };
}

export function intParam(name: string, value: unknown, fallback: number, min: number, max: number): number {
  if (value === undefined || value === '') return fallback;
  const parsed = typeof value === 'string' && /^\d+$/.test(value) ? Number(value) : Number.NaN;
  if (!(parsed >= min && parsed <= max))
    throw new BadRequestException(`${name} must be a whole number from ${min} to ${max}, got ${JSON.stringify(value)}`);
  return parsed;
}
