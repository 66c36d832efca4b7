import { applyDecorators } from '@nestjs/common';
import { ApiBearerAuth, ApiResponse, type SchemaObject } from '@nestjs/swagger';

/** Security scheme of the services' write endpoints: `Authorization: Bearer <INTERNAL_API_TOKEN>`. */
export const INTERNAL_TOKEN_SCHEME = 'internal-token';
/** Security scheme of the gateway's admin endpoints: `Authorization: Bearer <GATEWAY_ADMIN_TOKEN>`. */
export const ADMIN_TOKEN_SCHEME = 'admin-token';

/** Name of the error body in every document's components.schemas. */
export const ERROR_SCHEMA_NAME = 'Error';

/**
 * The body Nest's exception layer answers for every 4xx/5xx: `message` is one
 * reason or a list of them; the polygon-ingestor adds `reasons` to a 400.
 */
export const ERROR_SCHEMA: SchemaObject = {
  type: 'object',
  required: ['statusCode', 'message'],
  properties: {
    statusCode: { type: 'integer', example: 400 },
    error: { type: 'string', example: 'Bad Request' },
    message: {
      oneOf: [{ type: 'string' }, { type: 'array', items: { type: 'string' } }],
      description: 'what was wrong: one sentence, or every reason at once',
    },
    reasons: {
      type: 'array',
      items: { type: 'string' },
      description: 'every reason a request was refused, where `message` is a summary',
    },
  },
};

/** An error response with its status, when it happens, and the error body. */
export function ApiError(status: number, description: string): MethodDecorator & ClassDecorator {
  return ApiResponse({ status, description, schema: { $ref: `#/components/schemas/${ERROR_SCHEMA_NAME}` } });
}

/**
 * A service write endpoint (the platform's ServiceTokenGuard): declares the
 * internal bearer token, the 401 without it and the 403 of a service that has
 * no token configured.
 */
export function ApiInternalToken(): MethodDecorator & ClassDecorator {
  return applyDecorators(
    ApiBearerAuth(INTERNAL_TOKEN_SCHEME),
    ApiError(401, 'no `Authorization: Bearer <INTERNAL_API_TOKEN>` header, another scheme, or a wrong token'),
    ApiError(403, 'writes are closed: this service runs without an INTERNAL_API_TOKEN'),
  );
}

/** A gateway admin endpoint: declares the admin bearer token and the 401 without it. */
export function ApiAdminToken(): MethodDecorator & ClassDecorator {
  return applyDecorators(
    ApiBearerAuth(ADMIN_TOKEN_SCHEME),
    ApiError(401, 'no `Authorization: Bearer <GATEWAY_ADMIN_TOKEN>` header, or a wrong token'),
  );
}
