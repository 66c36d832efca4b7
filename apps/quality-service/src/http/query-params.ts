import { addDays, isIsoDate, type IsoDate } from '@mdi/domain';
import { BadRequestException } from '@nestjs/common';

/** A YYYY-MM-DD query parameter, or the fallback when absent; 400 with the reason otherwise. */
export function dateParam(name: string, value: unknown, fallback: IsoDate): IsoDate {
  if (value === undefined || value === '') return fallback;
  if (!isIsoDate(value)) throw new BadRequestException(`${name} must be a calendar date YYYY-MM-DD, got ${JSON.stringify(value)}`);
  return value;
}

/** from/to with defaults: `days` days up to `today`. */
export function dateRangeParams(query: { from?: unknown; to?: unknown }, today: IsoDate, days: number): { from: IsoDate; to: IsoDate } {
  const to = dateParam('to', query.to, today);
  const from = dateParam('from', query.from, addDays(to, -days));
  if (from > to) throw new BadRequestException(`from (${from}) is after to (${to})`);
  return { from, to };
}

export function intParam(name: string, value: unknown, fallback: number, min: number, max: number): number {
  if (value === undefined || value === '') return fallback;
  const parsed = typeof value === 'string' && /^\d+$/.test(value) ? Number(value) : Number.NaN;
  if (!(parsed >= min && parsed <= max)) throw new BadRequestException(`${name} must be a whole number from ${min} to ${max}, got ${JSON.stringify(value)}`);
  return parsed;
}

/** Only one value per parameter: ?from=a&from=b is a client bug, not a choice. */
export function singleParam(name: string, value: unknown): unknown {
  if (Array.isArray(value)) throw new BadRequestException(`${name} must be given once`);
  return value;
}
