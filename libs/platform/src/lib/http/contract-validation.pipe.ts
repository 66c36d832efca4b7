import { type ArgumentMetadata, Injectable, ValidationPipe, type ValidationError } from '@nestjs/common';
import { getMetadataStorage } from 'class-validator';
import { refusalOf } from './contract-rules.decorators';
import { RequestContractError } from './request-contract.error';

/** Carries class-validator's errors from the exceptionFactory to transform(), which knows where they came from. */
class ContractViolation extends Error {
  constructor(readonly errors: ValidationError[]) {
    super('request contract violated');
  }
}

/**
 * The global pipe of every service (PlatformModule): a handler argument typed
 * with a DTO class (class-validator rules) is validated against it and
 * handed over as an instance of it. Fields the DTO does not declare are
 * refused, never dropped; every reason is given at once and names its field:
 * `unknown query parameter "x"; allowed: from, to`, `unknown field "x"
 * (allowed: symbols, from, to)`, `from must be given once`. Arguments
 * without a DTO class (plain strings, records) pass through unchanged: the
 * pipe never converts `?a=1&a=2` into "1,2".
 */
@Injectable()
export class ContractValidationPipe extends ValidationPipe {
  constructor() {
    super({
      transform: true,
      whitelist: true,
      forbidNonWhitelisted: true,
      forbidUnknownValues: true,
      validationError: { target: false, value: false },
      exceptionFactory: (errors) => new ContractViolation(errors),
    });
  }

  override async transform(value: unknown, metadata: ArgumentMetadata): Promise<unknown> {
    if (
      metadata.type === 'body' &&
      this.toValidate(metadata) &&
      value !== undefined &&
      value !== null &&
      !isPlainObject(value)
    ) {
      const refusal = refusalOf(metadata.metatype);
      const shape = refusal?.example ? `a JSON object such as ${refusal.example}` : 'a JSON object';
      throw new RequestContractError(
        [`body must be ${shape}, got ${Array.isArray(value) ? 'an array' : typeof value}`],
        refusal?.message,
      );
    }
    if (
      (metadata.type === 'query' || metadata.type === 'body') &&
      this.toValidate(metadata) &&
      declaredFields(metadata.metatype).length === 0
    ) {
      return this.nothingDeclared(value, metadata);
    }
    try {
      return await super.transform(value, metadata);
    } catch (error) {
      if (error instanceof ContractViolation)
        throw new RequestContractError(reasonsOf(error.errors, metadata), refusalOf(metadata.metatype)?.message);
      throw error;
    }
  }

  /** A DTO that declares no field (a route without query parameters): every field given is unknown. */
  private nothingDeclared(value: unknown, metadata: ArgumentMetadata): unknown {
    const given = value === undefined || value === null ? [] : Object.keys(value as object);
    if (given.length > 0)
      throw new RequestContractError(
        given.map((name) => unknownFieldReason(name, metadata)),
        refusalOf(metadata.metatype)?.message,
      );
    return new (metadata.metatype as new () => unknown)();
  }

  /** Primitive arguments are left as the request gave them (a repeated parameter stays an array the handler can refuse). */
  protected override transformPrimitive(value: unknown): unknown {
    return value;
  }
}

function isPlainObject(value: unknown): boolean {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const prototype = Object.getPrototypeOf(value);
  return prototype === Object.prototype || prototype === null;
}

/** One sentence per problem, each naming its field (nested fields as `a.b`); the declared fields' problems first, unknown fields last. */
export function reasonsOf(errors: readonly ValidationError[], metadata: ArgumentMetadata, parent = ''): string[] {
  const reasons: string[] = [];
  const unknown: string[] = [];
  for (const error of errors) {
    const name = parent === '' ? error.property : `${parent}.${error.property}`;
    for (const [constraint, message] of Object.entries(error.constraints ?? {})) {
      if (constraint === 'whitelistValidation') unknown.push(unknownFieldReason(name, metadata));
      else reasons.push(message);
    }
    if (error.children?.length) reasons.push(...reasonsOf(error.children, metadata, name));
  }
  return [...reasons, ...unknown];
}

function unknownFieldReason(name: string, metadata: ArgumentMetadata): string {
  const allowed = declaredFields(metadata.metatype);
  if (metadata.type === 'query') {
    return `unknown query parameter ${JSON.stringify(name)}; ${allowed.length === 0 ? 'this endpoint takes none' : `allowed: ${allowed.join(', ')}`}`;
  }
  if (metadata.type === 'param') return `unknown path parameter ${JSON.stringify(name)}`;
  return `unknown field ${JSON.stringify(name)} (${allowed.length === 0 ? 'this request takes none' : `allowed: ${allowed.join(', ')}`})`;
}

/** The fields a DTO class declares, in declaration order. */
function declaredFields(metatype: ArgumentMetadata['metatype']): string[] {
  if (typeof metatype !== 'function') return [];
  const rules = getMetadataStorage().getTargetValidationMetadatas(metatype, '', true, false);
  return [...new Set(rules.map((rule) => rule.propertyName))];
}

/** The pipe every service installs (PlatformModule registers it as APP_PIPE). */
export function createValidationPipe(): ContractValidationPipe {
  return new ContractValidationPipe();
}
