import fc from 'fast-check';
import type { SchemaObject } from '@nestjs/swagger';

/** Numbers out of every range and numbers that are not: for integer and number parameters first. */
export const HOSTILE_NUMBERS: readonly string[] = [
  '-1',
  '0',
  '-0',
  '1.5',
  '1e309',
  '-1e309',
  'NaN',
  'Infinity',
  '0x10',
  '1_000',
  '9007199254740993',
  '99999999999999999999999999',
  '-99999999999999999999999999',
  '9'.repeat(400),
];

/** Impossible, extreme and almost-ISO dates: for date and date-time parameters first. */
export const HOSTILE_DATES: readonly string[] = [
  '9999-12-31',
  '9999-01-01',
  '0000-01-01',
  '0000-00-00',
  '2024-02-30',
  '2023-02-29',
  '2024-13-01',
  '1969-12-31',
  '1900-01-01',
  '+275760-09-13',
  '-000001-01-01',
  '2025-11-24T25:61:00Z',
  '2025-11-24T14:30:00',
  '9999-12-31T23:59:59Z',
  '0000-01-01T00:00:00Z',
  '20251124',
  '2025-1-1',
  '24.11.2025',
];

/** Wrong-typed literals, injection and markup, unicode and control characters, path and prototype tricks, list separators alone. */
export const HOSTILE_TEXT: readonly string[] = [
  '',
  ' ',
  '\t\n',
  'null',
  'undefined',
  'true',
  'false',
  '[]',
  '{}',
  '{"a":1}',
  "' OR '1'='1",
  "'; DROP TABLE data_ingestion.symbols; --",
  '1 UNION SELECT version()',
  '<script>alert(1)</script>',
  '"><img src=x onerror=alert(1)>',
  '{{7*7}}',
  '${jndi:ldap://127.0.0.1/x}',
  '../../../../etc/passwd',
  '..',
  '__proto__',
  'constructor',
  'hasOwnProperty',
  ',',
  ',,,',
  'Ä',
  'ÄÖÜß',
  '𝔘𝔫𝔦𝔠𝔬𝔡𝔢',
  '💥🚀',
  '\u0000',
  '\u202eLTR',
  'a\u200bb',
  'é',
  '\\',
  '%',
  '%00',
  "'",
  '"',
  'A'.repeat(300),
  'A'.repeat(6_000),
];

/**
 * Strings no route should take as valid input, whatever its type. Every
 * entry is a well-formed UTF-16 string (encodeURIComponent throws on a lone
 * surrogate).
 */
export const HOSTILE_STRINGS: readonly string[] = [...HOSTILE_NUMBERS, ...HOSTILE_DATES, ...HOSTILE_TEXT];

/** The hostile values aimed at what the schema declares: dates for a date, numbers for a number. */
function typedHostile(schema: SchemaObject): readonly string[] {
  if (schema.format === 'date' || schema.format === 'date-time') return HOSTILE_DATES;
  if (schema.type === 'integer' || schema.type === 'number') return HOSTILE_NUMBERS;
  if (schema.type === 'boolean') return ['yes', 'no', '1', '0', 'TRUE', 'False', 'on', ''];
  return HOSTILE_TEXT;
}

/** What the schema itself says is acceptable: examples, defaults, enum members, values that match its pattern or range. */
function plausibleText(schema: SchemaObject): fc.Arbitrary<string>[] {
  const choices: fc.Arbitrary<string>[] = [];
  const literals = [schema.example, schema.default, ...(schema.enum ?? [])].filter(
    (value) => value !== undefined && value !== null && typeof value !== 'object',
  );
  if (literals.length > 0) choices.push(fc.constantFrom(...literals.map(String)));
  if (schema.pattern) choices.push(fc.stringMatching(new RegExp(schema.pattern)).filter((value) => value.length <= 64));
  if (schema.format === 'date')
    choices.push(
      fc
        .date({ min: new Date('2023-01-01T00:00:00Z'), max: new Date('2026-12-31T00:00:00Z'), noInvalidDate: true })
        .map((date) => date.toISOString().slice(0, 10)),
    );
  if (schema.format === 'date-time')
    choices.push(
      fc
        .date({ min: new Date('2023-01-01T00:00:00Z'), max: new Date('2026-12-31T00:00:00Z'), noInvalidDate: true })
        .map((date) => date.toISOString()),
    );
  if (schema.type === 'integer' || schema.type === 'number') {
    const min = schema.minimum ?? -1_000_000;
    const max = schema.maximum ?? 1_000_000;
    choices.push(fc.integer({ min: Math.ceil(min), max: Math.floor(max) }).map(String));
  }
  if (schema.type === 'boolean') choices.push(fc.constantFrom('true', 'false'));
  for (const alternative of [...(schema.oneOf ?? []), ...(schema.anyOf ?? [])])
    choices.push(...plausibleText(alternative as SchemaObject));
  return choices;
}

/** Just past what the schema allows: out of range by one, an enum member in other case or extended, a pattern match with a bad tail, a list with a repeated or empty entry. */
export function boundaryValues(schema: SchemaObject): string[] {
  const values: string[] = [];
  if (schema.minimum !== undefined) values.push(String(schema.minimum - 1), String(schema.minimum - 0.5));
  if (schema.maximum !== undefined) values.push(String(schema.maximum + 1), String(schema.maximum * 1000));
  if (schema.maxLength !== undefined) values.push('x'.repeat(schema.maxLength + 1));
  for (const member of (schema.enum ?? []).slice(0, 3))
    values.push(String(member).toUpperCase(), `${String(member)}x`, ` ${String(member)}`);
  if (typeof schema.example === 'string') {
    values.push(
      schema.example.toLowerCase(),
      `${schema.example}!`,
      `${schema.example} `,
      `${schema.example},${schema.example}`,
    );
    // A list in one parameter ("AAPL,MSFT", "sma,ema:10"): a repeated entry, empty entries, a bad argument.
    const [first] = schema.example.split(',');
    if (schema.example.includes(','))
      values.push(
        `${first},${first}`,
        `${first},,${first}`,
        `${schema.example},`,
        `,${schema.example}`,
        `${first}:0`,
        `${first}:-1`,
        `${first}:99999999`,
        `${first}:1:2:3:4`,
      );
  }
  return values;
}

/** The hostile values tried one by one for a parameter or field declared with `schema`: those aimed at its type, then its boundaries. */
export function targetedHostileValues(schema: SchemaObject): string[] {
  return [...new Set([...typedHostile(schema), ...boundaryValues(schema)])];
}

/** One value the schema accepts, chosen without randomness (example, default, first enum member, a valid date or number), when it says enough. */
export function plausibleLiteral(schema: SchemaObject): string | undefined {
  const literal = [schema.example, schema.default, ...(schema.enum ?? [])].find(
    (value) => value !== undefined && value !== null && typeof value !== 'object',
  );
  if (literal !== undefined) return String(literal);
  if (schema.format === 'date') return '2024-10-01';
  if (schema.format === 'date-time') return '2024-10-01T14:30:00Z';
  if (schema.type === 'integer' || schema.type === 'number') return String(schema.minimum ?? 1);
  if (schema.type === 'boolean') return 'true';
  return undefined;
}

/**
 * A value for a query or path parameter declared with `schema`: half the
 * time hostile (aimed at its type first, then just out of its bounds, any
 * of HOSTILE_STRINGS, arbitrary unicode), otherwise one the schema accepts,
 * so that requests also get past validation into the code behind it.
 */
export function hostileText(schema: SchemaObject): fc.Arbitrary<string> {
  const plausible = plausibleText(schema);
  const boundary = boundaryValues(schema);
  const hostile = fc.oneof(
    { weight: 3, arbitrary: fc.constantFrom(...typedHostile(schema)) },
    ...(boundary.length > 0 ? [{ weight: 2, arbitrary: fc.constantFrom(...boundary) }] : []),
    { weight: 2, arbitrary: fc.constantFrom(...HOSTILE_STRINGS) },
    { weight: 1, arbitrary: fc.string({ unit: 'grapheme', maxLength: 40 }) },
  );
  return plausible.length === 0 ? hostile : fc.oneof(hostile, fc.oneof(...plausible));
}

/** JSON values of every type, the extreme ones included. */
export function hostileJson(): fc.Arbitrary<unknown> {
  return fc.oneof(
    fc.constantFrom<unknown>(
      null,
      true,
      false,
      0,
      -1,
      1.5,
      1e308,
      -1e308,
      Number.MAX_SAFE_INTEGER + 2,
      [],
      {},
      [null],
      [[]],
      { '': '' },
      'A'.repeat(20_000),
    ),
    fc.constantFrom<unknown>(...HOSTILE_STRINGS),
    fc.array(fc.constantFrom<unknown>(...HOSTILE_STRINGS, 1, null), { maxLength: 5 }),
    fc.jsonValue({ maxDepth: 3 }),
  );
}

/** A value for a body field declared with `schema`: hostile JSON of any type, a hostile string aimed at the field's type and bounds, or one the schema accepts. */
export function hostileField(schema: SchemaObject): fc.Arbitrary<unknown> {
  const plausible = plausibleJson(schema);
  const hostile = fc.oneof(hostileJson(), hostileText(schema));
  return plausible ? fc.oneof(hostile, plausible) : hostile;
}

/** A JSON value the schema accepts, when the schema says enough to build one. */
export function plausibleJson(schema: SchemaObject): fc.Arbitrary<unknown> | undefined {
  if (schema.type === 'array') {
    const item = schema.items ? plausibleJson(schema.items as SchemaObject) : undefined;
    return item
      ? fc.array(item, { minLength: schema.minItems ?? 0, maxLength: Math.min(schema.maxItems ?? 4, 4) })
      : undefined;
  }
  if (schema.type === 'object' && schema.properties) {
    const fields: Record<string, fc.Arbitrary<unknown>> = {};
    for (const [name, child] of Object.entries(schema.properties)) {
      const value = plausibleJson(child as SchemaObject);
      if (!value) return undefined;
      fields[name] = value;
    }
    return fc.record(fields, { requiredKeys: (schema.required ?? []).filter((name) => name in fields) });
  }
  const alternatives = [...(schema.oneOf ?? []), ...(schema.anyOf ?? [])]
    .map((alternative) => plausibleJson(alternative as SchemaObject))
    .filter((value) => value !== undefined);
  if (alternatives.length > 0) return fc.oneof(...(alternatives as fc.Arbitrary<unknown>[]));
  if (schema.type === 'integer' || schema.type === 'number')
    return fc.integer({ min: Math.ceil(schema.minimum ?? 0), max: Math.floor(schema.maximum ?? 1000) });
  if (schema.type === 'boolean') return fc.boolean();
  if (schema.type === 'string') {
    const text = plausibleText(schema);
    return text.length > 0 ? fc.oneof(...text) : fc.string({ maxLength: Math.min(schema.maxLength ?? 20, 20) });
  }
  return undefined;
}
