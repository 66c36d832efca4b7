import type { INestApplication } from '@nestjs/common';
import { DocumentBuilder, SwaggerModule, type OpenAPIObject } from '@nestjs/swagger';
import { ADMIN_TOKEN_SCHEME, ERROR_SCHEMA, ERROR_SCHEMA_NAME, INTERNAL_TOKEN_SCHEME } from './api-docs.decorators';

/** Where every service serves its OpenAPI document. */
export const OPENAPI_JSON_PATH = '/openapi.json';
/** Where every service serves swagger-ui (HTML, scripts and styles from its own node_modules). */
export const DOCS_PATH = '/docs';

export interface ApiIdentity {
  readonly name: string;
  readonly version: string;
}

/**
 * The service's OpenAPI 3.0 document, scanned from its controllers'
 * decorators. Only the security schemes some operation uses are declared, so
 * a service without write endpoints shows no token at all.
 */
export function buildOpenApiDocument(app: INestApplication, service: ApiIdentity): OpenAPIObject {
  const config = new DocumentBuilder()
    .setTitle(service.name)
    .setVersion(service.version)
    .setDescription(
      `HTTP API of the ${service.name} service (market-data ingestion). Errors answer ` +
        '`{statusCode, error, message}`, `message` being one reason or the list of every reason.',
    )
    .addBearerAuth(
      {
        type: 'http',
        scheme: 'bearer',
        description: "the services' write endpoints: `Authorization: Bearer <INTERNAL_API_TOKEN>`",
      },
      INTERNAL_TOKEN_SCHEME,
    )
    .addBearerAuth(
      {
        type: 'http',
        scheme: 'bearer',
        description: "the gateway's admin endpoints: `Authorization: Bearer <GATEWAY_ADMIN_TOKEN>`",
      },
      ADMIN_TOKEN_SCHEME,
    )
    .build();
  const document = SwaggerModule.createDocument(app, {
    ...config,
    components: { ...config.components, schemas: { [ERROR_SCHEMA_NAME]: ERROR_SCHEMA } },
  });
  const schemes = document.components?.securitySchemes;
  if (schemes) {
    const used = new Set<string>();
    for (const item of Object.values(document.paths)) {
      for (const operation of Object.values(item)) {
        for (const requirement of (operation as { security?: Record<string, unknown>[] }).security ?? []) {
          for (const name of Object.keys(requirement)) used.add(name);
        }
      }
    }
    for (const name of Object.keys(schemes)) if (!used.has(name)) delete schemes[name];
  }
  return document;
}

/**
 * Serves the document at /openapi.json and swagger-ui at /docs. The UI's
 * page, scripts, styles and icons come from this service (swagger-ui-dist in
 * node_modules); the document is embedded in its init script, and the online
 * validator badge is off, so the page loads nothing from another origin.
 */
export function mountOpenApi(app: INestApplication, service: ApiIdentity): OpenAPIObject {
  const document = buildOpenApiDocument(app, service);
  SwaggerModule.setup(DOCS_PATH.slice(1), app, document, {
    jsonDocumentUrl: OPENAPI_JSON_PATH.slice(1),
    raw: ['json'],
    customSiteTitle: `${service.name} API`,
    swaggerOptions: { validatorUrl: 'none' },
  });
  return document;
}
