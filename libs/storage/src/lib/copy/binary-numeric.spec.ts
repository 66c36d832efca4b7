import { Client } from 'pg';
import { TEST_ADMIN_URL } from '../../test-support/test-database';
import { numericToDouble } from './binary-numeric';
import { copyBinaryOut } from './copy-binary-out';
import { copyOut } from './copy-out';

/**
 * One NUMERIC column `v` of `select` (stored first, so random values are the same both ways): decoded from a
 * binary COPY, and its text from a TEXT COPY, in the same order.
 */
async function bothWays(client: Client, select: string): Promise<{ decoded: number[]; texts: string[] }> {
  await client.query(`CREATE TEMP TABLE sample AS SELECT row_number() OVER () AS n, v FROM (${select}) AS q`);
  const stored = 'SELECT v FROM sample ORDER BY n';
  const decoded: number[] = [];
  const rows = await copyBinaryOut(client, {
    select: stored,
    onTuple: (bytes, start) => {
      // One field: int16 count, int32 length, the NUMERIC.
      decoded.push(numericToDouble(bytes, start + 6, bytes.readInt32BE(start + 2)));
    },
  });
  const text: Buffer[] = [];
  await copyOut(client, {
    select: stored,
    format: 'text',
    chunkBytes: 64 * 1024,
    onRows: (c) => text.push(Buffer.from(c)),
  });
  await client.query('DROP TABLE sample');
  const texts = Buffer.concat(text).toString().split('\n').slice(0, -1);
  expect(decoded).toHaveLength(rows);
  expect(texts).toHaveLength(rows);
  return { decoded, texts };
}

/** Bit for bit: Object.is tells 0 from -0 and NaN from itself. */
function expectParseFloatOfText({ decoded, texts }: { decoded: number[]; texts: string[] }): void {
  const differing = texts.filter((text, i) => !Object.is(decoded[i], parseFloat(text)));
  expect(differing).toEqual([]);
}

describe('numericToDouble (binary COPY of real PostgreSQL NUMERIC)', () => {
  let client: Client;

  beforeAll(async () => {
    client = new Client({ connectionString: TEST_ADMIN_URL });
    await client.connect();
  });
  afterAll(() => client?.end());

  it('gives the double parseFloat gives for the text of edge cases: zero, signs, scales, big and tiny, NaN, infinities', async () => {
    const literals = [
      '0',
      '0.000000',
      '-0',
      '1',
      '-1',
      '100.500000',
      '-99.125',
      '0.1',
      '0.3',
      '-0.000001',
      '123.456789',
      '1000000.000000',
      '10000',
      '99999999999.999999',
      '999999999999.999999',
      '-999999999999.999999',
      '9007199254740993',
      '9007199254740992.5',
      '1234567890123456789.123456',
      '0.1234567890123456789012345678901234567890',
      '1e-300',
      '1e-400',
      '1e308',
      '1.7976931348623157e308',
      '1e309',
      '-1e309',
      '4.9e-324',
      '2.4703282292062327e-324',
      '2.4703282292062328e-324',
      '123456789012345678901234567890',
      '0.00000000000000000000001',
      '10000000000000000000000',
      '100000000000000000000000',
      'NaN',
      'Infinity',
      '-Infinity',
    ];
    const values = literals.map((literal) => `('${literal}'::numeric)`).join(', ');
    const both = await bothWays(client, `SELECT column1 AS v FROM (VALUES ${values}) AS t`);
    expectParseFloatOfText(both);
    expect(both.decoded.slice(0, 6)).toEqual([0, 0, 0, 1, -1, 100.5]);
    expect(both.decoded.slice(-3)).toEqual([NaN, Infinity, -Infinity]);
  });

  it('agrees with parseFloat of the text on 200,000 random values of every sign, scale and magnitude', async () => {
    // Random integers of 1-30 digits shifted by a power of ten from 10^-40 to 10^19, a third negative;
    // and the columns' own shapes, NUMERIC(18,6) and NUMERIC(25,6).
    const digits = `lpad(floor(random() * 1e15)::bigint::text, 15, '0') || lpad(floor(random() * 1e15)::bigint::text, 15, '0')`;
    const both = await bothWays(
      client,
      `SELECT (CASE WHEN random() < 0.33 THEN -1 ELSE 1 END
                * left(${digits}, 1 + floor(random() * 30)::int)::numeric
                * 10::numeric ^ (floor(random() * 60)::int - 40)) AS v
         FROM generate_series(1, 100000)
       UNION ALL
       SELECT round((random() * 10 ^ floor(random() * 12))::numeric, 6)::numeric(18,6) FROM generate_series(1, 50000)
       UNION ALL
       SELECT round((random() * 10 ^ floor(random() * 19))::numeric, 6)::numeric(25,6) FROM generate_series(1, 50000)`,
    );
    expect(both.decoded).toHaveLength(200_000);
    expectParseFloatOfText(both);
  });

  it('refuses a NUMERIC whose length does not match its digit count, or of an unknown sign', () => {
    // ndigits 1, weight 0, sign +, dscale 0, digit 7.
    const seven = Buffer.from([0, 1, 0, 0, 0, 0, 0, 0, 0, 7]);
    expect(numericToDouble(seven, 0, 10)).toBe(7);
    expect(() => numericToDouble(seven, 0, 8)).toThrow('binary NUMERIC of 8 bytes holds 1 digits: expected 10');
    const unknownSign = Buffer.from([0, 1, 0, 0, 0x20, 0, 0, 0, 0, 7]);
    expect(() => numericToDouble(unknownSign, 0, 10)).toThrow('unknown sign 0x2000');
  });
});
