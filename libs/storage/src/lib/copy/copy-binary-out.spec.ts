import { Client } from 'pg';
import { TEST_ADMIN_URL } from '../../test-support/test-database';
import { copyBinaryOut } from './copy-binary-out';

/** int4 i and text label per row; one row's label is 300 kB, more than one socket read holds. */
const SERIES = `SELECT i, CASE WHEN i = 777 THEN repeat('x', 300000) ELSE 'row ' || i END AS label
                  FROM generate_series(1, 20000) AS i`;

/** Each tuple's fields as JS values: an int4 and a text, as the two-field SERIES sends them. */
function intAndText(bytes: Buffer, start: number, end: number): [number, string] {
  const shape = [bytes.readInt16BE(start), bytes.readInt32BE(start + 2), start + 14 + bytes.readInt32BE(start + 10)];
  if (shape.join() !== `2,4,${end}`) throw new Error(`unexpected tuple shape ${shape.join()} (ends at ${end})`);
  return [bytes.readInt32BE(start + 6), bytes.toString('utf8', start + 14, end)];
}

describe('copyBinaryOut (real PostgreSQL)', () => {
  let client: Client;

  beforeAll(async () => {
    client = new Client({ connectionString: TEST_ADMIN_URL });
    await client.connect();
  });
  afterAll(() => client?.end());

  it('hands over every tuple whole and in order, one cut by the socket reads too, and the count the server reported', async () => {
    const tuples: [number, string][] = [];
    const rows = await copyBinaryOut(client, {
      select: SERIES,
      onTuple: (bytes, start, end) => tuples.push(intAndText(bytes, start, end)),
    });
    expect(rows).toBe(20_000);
    expect(tuples).toHaveLength(20_000);
    expect(tuples.every(([i], k) => i === k + 1)).toBe(true);
    expect(tuples[0]).toEqual([1, 'row 1']);
    expect(tuples[776]).toEqual([777, 'x'.repeat(300_000)]);
    expect(tuples[19_999]).toEqual([20_000, 'row 20000']);
  });

  it('sends NULL as a length of -1', async () => {
    const lengths: number[] = [];
    await copyBinaryOut(client, {
      select: 'SELECT NULL::text AS z, 7::int2 AS s',
      onTuple: (bytes, start) => lengths.push(bytes.readInt32BE(start + 2), bytes.readInt32BE(start + 6)),
    });
    expect(lengths).toEqual([-1, 2]);
  });

  it('an empty result hands over nothing and resolves to 0', async () => {
    const onTuple = jest.fn();
    expect(await copyBinaryOut(client, { select: `${SERIES} WHERE false`, onTuple })).toBe(0);
    expect(onTuple).not.toHaveBeenCalled();
  });

  it('rejects with the server error, for a bad statement and for one failing after rows were sent, and the connection stays usable', async () => {
    await expect(
      copyBinaryOut(client, { select: 'SELECT no_such_column FROM pg_class', onTuple: () => undefined }),
    ).rejects.toThrow('column "no_such_column" does not exist');
    let received = 0;
    await expect(
      copyBinaryOut(client, {
        select: `SELECT i, 1 / (15000 - i) AS x FROM generate_series(1, 20000) AS i`,
        onTuple: () => (received += 1),
      }),
    ).rejects.toThrow('division by zero');
    expect(received).toBeGreaterThan(0);
    expect((await client.query('SELECT 41 + 1 AS answer')).rows).toEqual([{ answer: 42 }]);
  });

  it('rejects with what onTuple threw after draining the answer, and the connection stays usable', async () => {
    let calls = 0;
    const onTuple = () => {
      calls += 1;
      throw new Error('cannot decode');
    };
    await expect(copyBinaryOut(client, { select: SERIES, onTuple })).rejects.toThrow('cannot decode');
    expect(calls).toBe(1);
    expect((await client.query('SELECT count(*)::int AS n FROM generate_series(1, 3)')).rows).toEqual([{ n: 3 }]);
  });

  it('works inside a transaction and queued behind other queries', async () => {
    await client.query('BEGIN READ ONLY');
    const pending = client.query(`SET LOCAL TIME ZONE 'America/New_York'`);
    const days: number[] = [];
    const rows = await copyBinaryOut(client, {
      // A date in binary: int4 days since 2000-01-01.
      select: `SELECT (TIMESTAMPTZ '2024-07-01 02:00:00+00')::date AS d`,
      onTuple: (bytes, start) => days.push(bytes.readInt32BE(start + 6)),
    });
    await pending;
    await client.query('COMMIT');
    expect(rows).toBe(1);
    expect(days).toEqual([(Date.parse('2024-06-30') - Date.parse('2000-01-01')) / 86_400_000]);
  });

  it('rejects on a closed client instead of hanging', async () => {
    const closed = new Client({ connectionString: TEST_ADMIN_URL });
    await closed.connect();
    await closed.end();
    await expect(copyBinaryOut(closed, { select: SERIES, onTuple: () => undefined })).rejects.toThrow(
      /not queryable|closed/i,
    );
  });
});
