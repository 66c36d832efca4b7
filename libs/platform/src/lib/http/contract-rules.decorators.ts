import { ValidateBy, type ValidationOptions } from 'class-validator';

const REFUSAL = Symbol('mdi:refusal-message');

export interface Refusal {
  /** The 400's `message` when this DTO is refused (its `reasons` list each problem). */
  readonly message: string;
  /** Shown in the reason for a body that is not a JSON object, e.g. `{"symbol":"AAPL"}`. */
  readonly example?: string;
}

/**
 * The summary a service gives when a request of this DTO is refused, e.g.
 * `invalid backfill request`; without it the summary is the reasons themselves.
 */
export function RefusalMessage(message: string, options: { example?: string } = {}): ClassDecorator {
  return (target) => Reflect.defineMetadata(REFUSAL, { message, example: options.example } satisfies Refusal, target);
}

export function refusalOf(metatype: unknown): Refusal | undefined {
  return typeof metatype === 'function' ? (Reflect.getMetadata(REFUSAL, metatype) as Refusal | undefined) : undefined;
}

/**
 * A field checked by a domain rule that returns its problem (a sentence
 * naming the field, which it is given) or null, so a DTO refuses with the
 * domain's own words: `@Rule((value) => symbolProblem(value))`. It runs on an absent value too,
 * unless the field is @IsOptional().
 */
export function Rule(
  problem: (value: unknown, field: string) => string | null,
  options?: ValidationOptions,
): PropertyDecorator {
  return ValidateBy(
    {
      name: `rule:${problem.name || 'domain'}`,
      validator: {
        validate: (value: unknown, args) => problem(value, args?.property ?? '') === null,
        defaultMessage: (args) => problem(args?.value, args?.property ?? '') ?? `${args?.property} is invalid`,
      },
    },
    options,
  );
}
