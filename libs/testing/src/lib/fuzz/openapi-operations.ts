import type {
  OpenAPIObject,
  OperationObject,
  ParameterObject,
  ReferenceObject,
  RequestBodyObject,
  SchemaObject,
} from '@nestjs/swagger';

const METHODS = ['get', 'put', 'post', 'delete', 'patch', 'head', 'options'] as const;

/** One declared query or path parameter, its schema with every `$ref` resolved. */
export interface FuzzParameter {
  readonly name: string;
  readonly in: 'path' | 'query';
  readonly required: boolean;
  readonly schema: SchemaObject;
}

/** One route of an OpenAPI document as the fuzzer needs it. */
export interface FuzzOperation {
  /** `POST /symbols/{symbol}/suspend`: names the route in reports and in FUZZ_ROUTE. */
  readonly id: string;
  readonly method: string;
  /** The OpenAPI path template, `/symbols/{symbol}`. */
  readonly path: string;
  readonly parameters: readonly FuzzParameter[];
  /** The declared JSON body, when the route reads one. */
  readonly body?: { readonly required: boolean; readonly schema: SchemaObject };
  /** The route declares a security requirement (a bearer token). */
  readonly secured: boolean;
}

/**
 * Every path and method of the document, with its path and query parameters
 * and its JSON body schema (`$ref`s resolved against `components.schemas`).
 * Header and cookie parameters are left out: the fuzzer varies the
 * Authorization and Content-Type headers itself.
 */
export function fuzzOperations(document: OpenAPIObject): FuzzOperation[] {
  const operations: FuzzOperation[] = [];
  for (const [path, item] of Object.entries(document.paths)) {
    for (const method of METHODS) {
      const operation = item[method] as OperationObject | undefined;
      if (!operation) continue;
      const declared = [
        ...((item.parameters ?? []) as (ParameterObject | ReferenceObject)[]),
        ...((operation.parameters ?? []) as (ParameterObject | ReferenceObject)[]),
      ];
      const parameters = declared
        .map((parameter) => resolve<ParameterObject>(document, parameter))
        .filter((parameter) => parameter.in === 'path' || parameter.in === 'query')
        .map((parameter) => ({
          name: parameter.name,
          in: parameter.in as 'path' | 'query',
          required: parameter.in === 'path' || parameter.required === true,
          schema: resolveSchema(document, parameter.schema ?? {}),
        }));
      const requestBody = operation.requestBody
        ? resolve<RequestBodyObject>(document, operation.requestBody)
        : undefined;
      const jsonSchema = requestBody?.content?.['application/json']?.schema;
      operations.push({
        id: `${method.toUpperCase()} ${path}`,
        method: method.toUpperCase(),
        path,
        parameters,
        body: jsonSchema
          ? { required: requestBody?.required === true, schema: resolveSchema(document, jsonSchema) }
          : undefined,
        secured: (operation.security ?? document.security ?? []).length > 0,
      });
    }
  }
  return operations;
}

function resolve<T>(document: OpenAPIObject, value: T | ReferenceObject): T {
  if (!value || typeof value !== 'object' || !('$ref' in value)) return value as T;
  const target = value.$ref
    .replace(/^#\//, '')
    .split('/')
    .reduce<unknown>((node, key) => (node as Record<string, unknown> | undefined)?.[key], document);
  if (target === undefined) throw new Error(`the OpenAPI document refers to ${value.$ref}, which it does not define`);
  return resolve(document, target as T | ReferenceObject);
}

/** The schema with every nested `$ref` replaced by what it names (the documents here have no recursive schemas). */
function resolveSchema(document: OpenAPIObject, schema: SchemaObject | ReferenceObject, depth = 0): SchemaObject {
  if (depth > 20) throw new Error('the OpenAPI document nests schemas more than 20 deep (a recursive schema?)');
  const resolved = resolve<SchemaObject>(document, schema);
  const nested = (child: SchemaObject | ReferenceObject) => resolveSchema(document, child, depth + 1);
  return {
    ...resolved,
    ...(resolved.properties
      ? {
          properties: Object.fromEntries(
            Object.entries(resolved.properties).map(([name, child]) => [name, nested(child)]),
          ),
        }
      : {}),
    ...(resolved.items ? { items: nested(resolved.items) } : {}),
    ...(resolved.oneOf ? { oneOf: resolved.oneOf.map(nested) } : {}),
    ...(resolved.anyOf ? { anyOf: resolved.anyOf.map(nested) } : {}),
    ...(resolved.allOf ? { allOf: resolved.allOf.map(nested) } : {}),
  };
}
