import type { OpenAPIObject, OperationObject, ParameterObject, ReferenceObject, ResponseObject } from '@nestjs/swagger';
import type { RegisteredRoute } from './registered-routes';

const READ_METHODS = new Set(['get', 'head', 'options']);

/** `/bars/:symbol` as OpenAPI writes it: `/bars/{symbol}`. */
export function openApiPath(path: string): string {
  return path.replace(/:(\w+)/g, '{$1}');
}

/**
 * Everything the document leaves out about the routes the application
 * serves; empty when each route is described. A route must be in the
 * document with a summary, a success response, and its error responses
 * described with a body: 400 when it reads a body, 400 or 404 when its path
 * names something, a bearer scheme with its 401 when it writes. Parameters
 * carry a type; a body has a schema. The document may not describe routes
 * that do not exist. (`undocumentedAnswers` checks the statuses the routes
 * really give.)
 */
export function openApiProblems(routes: readonly RegisteredRoute[], document: OpenAPIObject): string[] {
  const problems: string[] = [];
  const schemes = document.components?.securitySchemes ?? {};
  const described = new Set<string>();
  for (const route of routes) {
    const path = openApiPath(route.path);
    const name = `${route.method.toUpperCase()} ${route.path} (${route.handler})`;
    const operation = document.paths[path]?.[route.method as 'get'] as OperationObject | undefined;
    described.add(`${route.method} ${path}`);
    if (!operation) {
      problems.push(`${name} is not in the document`);
      continue;
    }
    const say = (problem: string) => problems.push(`${name} ${problem}`);
    if (!operation.summary?.trim()) say('has no summary');
    const responses = Object.entries(operation.responses ?? {}) as [string, ResponseObject | ReferenceObject][];
    const statuses = new Set(responses.map(([status]) => status));
    if (!responses.some(([status]) => /^[23]\d\d$/.test(status))) say('documents no success response');
    for (const [status, response] of responses) {
      if ('$ref' in response) continue;
      if (!response.description?.trim()) say(`response ${status} has no description`);
      if (/^[45]\d\d$/.test(status) && !hasSchema(response.content)) say(`error response ${status} has no body schema`);
    }
    const parameters = (operation.parameters ?? []) as (ParameterObject | ReferenceObject)[];
    for (const parameter of parameters) {
      if ('$ref' in parameter) continue;
      if (!parameter.schema) problems.push(`${name} ${parameter.in} parameter ${parameter.name} has no schema`);
    }
    for (const param of route.pathParams) {
      if (!parameters.some((p) => !('$ref' in p) && p.in === 'path' && p.name === param && p.schema))
        say(`does not describe path parameter ${param}`);
    }
    if (route.pathParams.length > 0 && !statuses.has('400') && !statuses.has('404'))
      say('has path parameters but documents neither 400 nor 404');
    if (route.readsBody) {
      const body = operation.requestBody;
      if (!body || (!('$ref' in body) && !hasSchema(body.content)))
        say('reads a body but describes no request body schema');
      if (!statuses.has('400')) say('reads a body but documents no 400');
    }
    const security = operation.security ?? [];
    for (const requirement of security) {
      for (const scheme of Object.keys(requirement))
        if (!(scheme in schemes)) say(`uses security scheme ${scheme}, which the document does not declare`);
    }
    if (!READ_METHODS.has(route.method)) {
      if (
        !security.some((requirement) =>
          Object.keys(requirement).some(
            (scheme) => schemes[scheme] && 'scheme' in schemes[scheme] && schemes[scheme].scheme === 'bearer',
          ),
        )
      ) {
        say('writes but declares no bearer security scheme');
      }
      if (!statuses.has('401')) say('writes but documents no 401');
    }
  }
  for (const [path, item] of Object.entries(document.paths)) {
    for (const method of Object.keys(item)) {
      if (
        ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'].includes(method) &&
        !described.has(`${method} ${path}`)
      ) {
        problems.push(`the document describes ${method.toUpperCase()} ${path}, which the application does not route`);
      }
    }
  }
  return problems;
}

function hasSchema(content: Record<string, { schema?: unknown }> | undefined): boolean {
  return Object.values(content ?? {}).some((media) => media.schema !== undefined);
}

/**
 * What is wrong with the swagger-ui page at `docsUrl`: it must be HTML whose
 * every script, stylesheet and icon comes from the service itself (and
 * answers), with no URL of another origin in the page and the online
 * validator (an image from another origin) turned off.
 */
export async function docsPageProblems(docsUrl: string): Promise<string[]> {
  const problems: string[] = [];
  const page = await fetch(docsUrl);
  const html = await page.text();
  if (page.status !== 200) return [`${docsUrl} answered ${page.status}`];
  if (!page.headers.get('content-type')?.startsWith('text/html'))
    problems.push(`${docsUrl} is ${page.headers.get('content-type')}, not HTML`);
  const origin = new URL(docsUrl).origin;
  // XML namespace names of the inline SVG are identifiers, never fetched.
  const urls = html.replace(/\sxmlns(:\w+)?="[^"]*"/g, '').match(/\b(https?:)?\/\/[^\s"'<>)]+/g) ?? [];
  for (const url of urls) if (!url.startsWith(origin)) problems.push(`the page names ${url}, outside the service`);
  const assets = [...html.matchAll(/\b(?:src|href)\s*=\s*["']([^"']+)["']/g)].map(
    (match) => new URL(match[1], docsUrl),
  );
  if (!assets.some((asset) => asset.pathname.endsWith('/swagger-ui-init.js')))
    problems.push('the page does not load swagger-ui-init.js');
  for (const asset of assets) {
    if (asset.origin !== origin) {
      problems.push(`the page loads ${asset.href} from another origin`);
      continue;
    }
    const answer = await fetch(asset);
    const body = await answer.text();
    if (answer.status !== 200 || body.length === 0)
      problems.push(`${asset.pathname} answered ${answer.status} with ${body.length} characters`);
    if (asset.pathname.endsWith('swagger-ui-init.js') && !/"validatorUrl":\s*"none"/.test(body))
      problems.push('the online validator badge is not turned off');
  }
  return problems;
}

/** What a probe puts in a path parameter or an unknown query parameter: no route takes it as valid input. */
const PROBE_VALUE = 'openapi-probe';

/**
 * Calls every GET route as a client might: as it is, with an unknown query
 * parameter when it reads its query, and with a made-up value in each path
 * parameter. Lists each answer whose status the document does not give for
 * that route. Only reads are called, so nothing changes.
 */
export async function undocumentedAnswers(
  baseUrl: string,
  routes: readonly RegisteredRoute[],
  document: OpenAPIObject,
): Promise<string[]> {
  const problems: string[] = [];
  for (const route of routes) {
    if (route.method !== 'get') continue;
    const path = route.path.replace(/:(\w+)/g, PROBE_VALUE);
    const calls = route.readsQuery ? [path, `${path}?${PROBE_VALUE}=1`] : [path];
    const documented = Object.keys(document.paths[openApiPath(route.path)]?.get?.responses ?? {});
    for (const call of calls) {
      const answer = await fetch(`${baseUrl}${call}`);
      await answer.arrayBuffer();
      if (!documented.includes(String(answer.status)))
        problems.push(`GET ${call} answered ${answer.status}; documented: ${documented.join(', ')}`);
    }
  }
  return problems;
}
