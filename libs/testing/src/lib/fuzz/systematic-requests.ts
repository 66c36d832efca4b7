import type { SchemaObject } from '@nestjs/swagger';
import { CONTENT_TYPES, NOT_JSON_BODIES, RAW_PATH_VALUES, requestFor, type HostileRequest } from './hostile-requests';
import { HOSTILE_TEXT, plausibleLiteral, targetedHostileValues } from './hostile-values';
import type { FuzzOperation, FuzzParameter } from './openapi-operations';

/** JSON values of every type put in a body field one at a time. */
const FIELD_VALUES: readonly unknown[] = [null, true, 0, -1, 1.5, 1e308, [], {}, [null], '', 'A'.repeat(20_000)];

/** Bodies that are JSON but not an object. */
const WRONG_JSON_TYPES: readonly string[] = ['[]', '"text"', '1', 'null', 'true', '[{}]'];

const READS = new Set(['GET', 'HEAD', 'OPTIONS']);

/** A base request every variant starts from: required parameters plausible, optional ones absent, the declared body's plausible fields. */
function baseline(operation: FuzzOperation) {
  const path = new Map<string, string>();
  const query = new Map<string, string>();
  for (const parameter of operation.parameters) {
    const value = plausibleLiteral(parameter.schema);
    if (parameter.in === 'path') path.set(parameter.name, encodeURIComponent(value ?? 'x'));
    else if (parameter.required && value !== undefined) query.set(parameter.name, value);
  }
  const body: Record<string, unknown> = {};
  const schema = operation.body?.schema;
  for (const [name, child] of Object.entries(schema?.properties ?? {})) {
    const value = plausibleLiteral(child as SchemaObject);
    if (value !== undefined && (schema?.required ?? []).includes(name))
      body[name] = (child as SchemaObject).type === 'integer' ? Number(value) : value;
  }
  return { path, query, body };
}

/** Takes one from each list in turn, so a run cut short by its time share has still tried every parameter. */
function interleave<T>(lists: readonly T[][]): T[] {
  const out: T[] = [];
  for (let index = 0; lists.some((list) => index < list.length); index++)
    for (const list of lists) if (index < list.length) out.push(list[index]);
  return out;
}

/**
 * The deterministic part of the fuzz: for one route, every targeted hostile
 * value (see targetedHostileValues) in each parameter and body field in
 * turn, the others left plausible; each required query parameter missing;
 * each query parameter repeated; raw bad percent-encoding in each path
 * parameter; for writes, bodies of the wrong JSON type, not JSON, under each
 * content type and with an unknown field. All with the token, so they get
 * past authentication (the random part tries without it). Random sampling
 * finds a single bad value in one of hundreds of cases only by luck; this
 * tries each once.
 */
export function systematicRequests(operation: FuzzOperation, token: string): HostileRequest[] {
  const base = baseline(operation);
  const writes = !READS.has(operation.method);
  const defaultBody = writes ? JSON.stringify(base.body) : undefined;
  const build = (changes: {
    path?: [string, string];
    query?: Array<[string, string]>;
    drop?: string;
    body?: string;
    contentType?: string;
  }) => {
    const path = new Map(base.path);
    if (changes.path) path.set(...changes.path);
    const query = [...base.query].filter(
      ([name]) => name !== changes.drop && !changes.query?.some(([changed]) => changed === name),
    );
    const body = changes.body ?? defaultBody;
    return requestFor(operation, {
      path: operation.parameters
        .filter((parameter) => parameter.in === 'path')
        .map((parameter) => path.get(parameter.name) ?? ''),
      query: [...query, ...(changes.query ?? [])],
      body,
      contentType: changes.contentType ?? (body === undefined ? '' : 'application/json'),
      token,
    });
  };
  const perParameter = (parameter: FuzzParameter): HostileRequest[] => {
    const values = targetedHostileValues(parameter.schema);
    if (parameter.in === 'path')
      return [
        ...values.map((value) => build({ path: [parameter.name, encodeURIComponent(value)] })),
        ...RAW_PATH_VALUES.map((raw) => build({ path: [parameter.name, raw] })),
      ];
    const plausible = plausibleLiteral(parameter.schema) ?? 'x';
    return [
      ...(parameter.required ? [build({ drop: parameter.name })] : []),
      build({
        query: [
          [parameter.name, plausible],
          [parameter.name, plausible],
        ],
      }),
      ...values.map((value) => build({ query: [[parameter.name, value]] })),
    ];
  };
  const perField = Object.entries(operation.body?.schema.properties ?? {}).map(([name, child]) => [
    ...FIELD_VALUES.map((value) => build({ body: JSON.stringify({ ...base.body, [name]: value }) })),
    ...targetedHostileValues(child as SchemaObject).map((value) =>
      build({ body: JSON.stringify({ ...base.body, [name]: value }) }),
    ),
  ]);
  const bodies = writes
    ? [
        build({ body: JSON.stringify({ ...base.body, unknownField: 1 }) }),
        ...WRONG_JSON_TYPES.map((body) => build({ body })),
        ...NOT_JSON_BODIES.map((body) => build({ body })),
        ...CONTENT_TYPES.map((contentType) => build({ contentType })),
        build({ query: [['unknown', HOSTILE_TEXT[0]]] }),
      ]
    : [build({ query: [['unknown', '1']] })];
  return interleave([...operation.parameters.map(perParameter), ...perField, bodies]);
}
