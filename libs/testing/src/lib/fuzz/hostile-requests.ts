import fc from 'fast-check';
import type { SchemaObject } from '@nestjs/swagger';
import { hostileField, hostileJson, hostileText, HOSTILE_STRINGS, plausibleJson } from './hostile-values';
import type { FuzzOperation, FuzzParameter } from './openapi-operations';

/** One generated request, exactly as sent: enough to replay it with curl or `sendHostileRequest`. */
export interface HostileRequest {
  readonly method: string;
  /** Path and query string, already encoded. */
  readonly url: string;
  readonly headers: Readonly<Record<string, string>>;
  readonly body?: string;
}

const READS = new Set(['GET', 'HEAD', 'OPTIONS']);

/** Raw path segments that are not valid percent-encoding or that walk the path. */
export const RAW_PATH_VALUES = ['%', '%zz', '%E0%A4%A', '..', '.', '%2e%2e', '%2F', ''];

const UNKNOWN_QUERY_NAMES = [
  'unknown',
  'foo',
  '__proto__',
  'constructor',
  'token',
  'x'.repeat(200),
  '',
  'limit[]',
  'a[b]',
  'ÄÖ',
];

export const CONTENT_TYPES = [
  'application/json',
  'text/plain',
  'application/x-www-form-urlencoded',
  'application/xml',
  'multipart/form-data; boundary=fuzz',
  'application/json; charset=utf-16',
  'application/merge-patch+json',
  'application/octet-stream',
  '',
];

export const NOT_JSON_BODIES = [
  'not json',
  '{"symbol":',
  '{symbol: AAPL}',
  '<symbol>AAPL</symbol>',
  'symbol=AAPL&sector=x',
  '\u0000',
  '',
  '{"a":1}{"b":2}',
  '\ufeff{}',
  'null null',
];

export const UNKNOWN_FIELDS = [
  'unknown',
  'extra',
  '__proto__',
  'constructor',
  'prototype',
  'id',
  'createdAt',
  '',
  'x'.repeat(300),
];

type QueryPairs = Array<readonly [string, string]>;

/** A declared query parameter: absent (also when required), once, repeated as an array, or in bracket form. */
function queryParameter(parameter: FuzzParameter): fc.Arbitrary<QueryPairs> {
  const value = hostileText(parameter.schema);
  return fc.oneof(
    { weight: 2, arbitrary: fc.constant<QueryPairs>([]) },
    { weight: 5, arbitrary: value.map((text): QueryPairs => [[parameter.name, text]]) },
    {
      weight: 2,
      arbitrary: fc
        .array(value, { minLength: 2, maxLength: 3 })
        .map((texts): QueryPairs => texts.map((text) => [parameter.name, text] as const)),
    },
    { weight: 1, arbitrary: value.map((text): QueryPairs => [[`${parameter.name}[]`, text]]) },
    { weight: 1, arbitrary: value.map((text): QueryPairs => [[`${parameter.name}[key]`, text]]) },
  );
}

const unknownQuery: fc.Arbitrary<QueryPairs> = fc.array(
  fc.tuple(
    fc.oneof(fc.constantFrom(...UNKNOWN_QUERY_NAMES), fc.string({ unit: 'grapheme', minLength: 1, maxLength: 12 })),
    fc.constantFrom(...HOSTILE_STRINGS),
  ),
  { maxLength: 2 },
);

function pathValue(parameter: FuzzParameter): fc.Arbitrary<string> {
  return fc.oneof(
    { weight: 6, arbitrary: hostileText(parameter.schema).map(encodeURIComponent) },
    { weight: 1, arbitrary: fc.constantFrom(...RAW_PATH_VALUES) },
  );
}

interface BodyChoice {
  readonly text?: string;
  readonly contentType: string;
}

/** An object shaped like the declared body: each field absent, hostile or plausible, and maybe fields it does not declare. */
function objectLikeSchema(schema: SchemaObject): fc.Arbitrary<Record<string, unknown>> {
  const fields = Object.entries(schema.properties ?? {}).map(([name, child]) =>
    fc.option(hostileField(child as SchemaObject), { nil: undefined }).map((value) => [name, value] as const),
  );
  const extras = fc.array(
    fc.tuple(fc.oneof(fc.constantFrom(...UNKNOWN_FIELDS), fc.string({ maxLength: 10 })), hostileJson()),
    { maxLength: 2 },
  );
  return fc
    .tuple(fc.tuple(...fields), extras)
    .map(([declared, unknown]) =>
      Object.fromEntries([...declared.filter(([, value]) => value !== undefined), ...unknown]),
    );
}

/** A body for a write route: none, shaped like the declared one, plausible, a JSON value of the wrong type, or not JSON; under any content type. */
function body(operation: FuzzOperation): fc.Arbitrary<BodyChoice> {
  const schema: SchemaObject = operation.body?.schema ?? { type: 'object', properties: {} };
  const contentType = fc.oneof(
    { weight: 4, arbitrary: fc.constant('application/json') },
    { weight: 2, arbitrary: fc.constantFrom(...CONTENT_TYPES) },
  );
  const plausible = plausibleJson(schema);
  const choices: Array<fc.WeightedArbitrary<BodyChoice>> = [
    { weight: 1, arbitrary: fc.constant({ contentType: '' }) },
    {
      weight: 4,
      arbitrary: fc
        .tuple(objectLikeSchema(schema), contentType)
        .map(([value, type]) => ({ text: JSON.stringify(value), contentType: type })),
    },
    {
      weight: 2,
      arbitrary: fc
        .tuple(hostileJson(), contentType)
        .map(([value, type]) => ({ text: JSON.stringify(value) ?? 'null', contentType: type })),
    },
    {
      weight: 2,
      arbitrary: fc
        .tuple(fc.constantFrom(...NOT_JSON_BODIES), fc.constantFrom(...CONTENT_TYPES))
        .map(([text, type]) => ({ text, contentType: type })),
    },
    {
      weight: 1,
      arbitrary: fc.constant({
        text: JSON.stringify({ padding: 'A'.repeat(300_000) }),
        contentType: 'application/json',
      }),
    },
  ];
  if (plausible)
    choices.push({
      weight: 3,
      arbitrary: fc
        .tuple(plausible, fc.constantFrom('application/json', 'text/plain'))
        .map(([value, type]) => ({ text: JSON.stringify(value), contentType: type })),
    });
  return fc.oneof(...choices);
}

/**
 * Requests for one route of the OpenAPI document, hostile in every part the
 * document declares: each path parameter (malformed, boundary, raw bad
 * percent-encoding), each query parameter (missing even when required,
 * repeated as an array, bracket forms, hostile values), unknown query
 * parameters, and for writes a body that is missing, of the wrong JSON type,
 * not JSON, with unknown fields, too large, or sent under the wrong content
 * type. `token` goes in `Authorization: Bearer` on about three requests in
 * four, so most get past authentication and the rest test it.
 */
export function hostileRequests(operation: FuzzOperation, token: string): fc.Arbitrary<HostileRequest> {
  const pathParameters = operation.parameters.filter((parameter) => parameter.in === 'path');
  const queryParameters = operation.parameters.filter((parameter) => parameter.in === 'query');
  const writes = !READS.has(operation.method);
  return fc
    .record({
      path: fc.tuple(...pathParameters.map(pathValue)),
      query: fc.tuple(fc.tuple(...queryParameters.map(queryParameter)), unknownQuery),
      body: writes ? body(operation) : fc.constant<BodyChoice>({ contentType: '' }),
      authorized: fc.oneof({ weight: 3, arbitrary: fc.constant(true) }, { weight: 1, arbitrary: fc.constant(false) }),
    })
    .map(({ path, query, body: choice, authorized }) =>
      requestFor(operation, {
        path,
        query: [...query[0].flat(), ...query[1]],
        body: choice.text,
        contentType: choice.contentType,
        token: authorized ? token : undefined,
      }),
    );
}

/** The parts of a request before they are put together; path values already encoded, query pairs not yet. */
export interface RequestParts {
  readonly path: readonly string[];
  readonly query: ReadonlyArray<readonly [string, string]>;
  readonly body?: string;
  /** '' sends no Content-Type. */
  readonly contentType: string;
  readonly token?: string;
}

/** The request as sent: path parameters filled in order, the query encoded, Authorization and Content-Type set when given. */
export function requestFor(operation: FuzzOperation, parts: RequestParts): HostileRequest {
  let index = 0;
  const filledPath = operation.path.replace(/\{[^}]+\}/g, () => parts.path[index++] ?? '');
  const search = parts.query
    .map(([name, value]) => `${encodeURIComponent(name)}=${encodeURIComponent(value)}`)
    .join('&');
  const headers: Record<string, string> = {};
  if (parts.token !== undefined) headers['authorization'] = `Bearer ${parts.token}`;
  if (parts.contentType) headers['content-type'] = parts.contentType;
  return {
    method: operation.method,
    url: search ? `${filledPath}?${search}` : filledPath,
    headers,
    ...(parts.body === undefined ? {} : { body: parts.body }),
  };
}
