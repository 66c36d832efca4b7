import { IsString, MinLength } from 'class-validator';
import { Sensitive } from '../config/sensitive.decorator';

/** Shortest INTERNAL_API_TOKEN accepted: a guessable token would open every write endpoint. */
export const SERVICE_TOKEN_MIN_LENGTH = 16;

/**
 * Declares INTERNAL_API_TOKEN on a service's config class: required, a
 * secret (never echoed), at least 16 characters. Services with write
 * endpoints require it; the gateway and the CLI send it.
 */
export function ServiceTokenVariable(): PropertyDecorator {
  return (target, key) => {
    MinLength(SERVICE_TOKEN_MIN_LENGTH, { message: `must be at least ${SERVICE_TOKEN_MIN_LENGTH} characters` })(
      target,
      key,
    );
    IsString()(target, key);
    Sensitive()(target, key);
  };
}
