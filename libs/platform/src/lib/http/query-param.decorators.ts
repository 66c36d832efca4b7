import { applyDecorators } from '@nestjs/common';
import { IsOptional, IsString } from 'class-validator';

/**
 * A DTO field for an optional query parameter taken once, as text: absent is
 * fine, `?from=a&from=b` is refused with `from must be given once`. The
 * handler (or the domain) parses the text with its own precise messages.
 */
export function OptionalQueryText(): PropertyDecorator {
  return applyDecorators(IsOptional(), IsString({ message: '$property must be given once' }));
}
