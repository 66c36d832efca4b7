import { Transform } from 'class-transformer';

/** "true"/"false" (any case) only; anything else is left as is so @IsBoolean names it. */
export function EnvBoolean(): PropertyDecorator {
  return Transform(({ value }) => {
    if (typeof value !== 'string') return value;
    const normalised = value.trim().toLowerCase();
    if (normalised === 'true') return true;
    if (normalised === 'false') return false;
    return value;
  });
}

/** Decimal text to number; text that is not a plain number becomes NaN so validators reject it. */
export function EnvNumber(): PropertyDecorator {
  return Transform(({ value }) => {
    if (typeof value !== 'string') return value;
    return /^-?\d+(\.\d+)?$/.test(value.trim()) ? Number(value) : Number.NaN;
  });
}

/** Comma-separated list; blanks dropped, entries trimmed. */
export function EnvList(): PropertyDecorator {
  return Transform(({ value }) => {
    if (typeof value !== 'string') return value;
    return value
      .split(',')
      .map((item) => item.trim())
      .filter((item) => item.length > 0);
  });
}
