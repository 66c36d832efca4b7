import { Client } from 'pg';
import { TEST_ADMIN_URL } from '../../test-support/test-database';
import { copyOut } from './copy-out';

const SERIES = `SELECT i, 'row ' || i AS label, i * 1.5 AS half FROM generate_series(1, 20000) AS i`;

describe('copyOut (real PostgreSQL)', () => {
  let client: Client;

  beforeAll(async () => {
    client = new Client({ connectionString: TEST_ADMIN_URL });
    await client.connect();
  });
  afterAll(() => client?.end());

  it('delivers every row, in order, in chunks of whole rows, and the count the server reported', async () => {
    const chunks: Buffer[] = [];
    const rows = await copyOut(client, {
      select: SERIES,
      format: 'text',
      chunkBytes: 64 * 1024,
      onRows: (c) => chunks.push(Buffer.from(c)),
    });
    expect(rows).toBe(20_000);
    expect(chunks.length).toBeGreaterThan(1);
    for (const chunk of chunks) {
      expect(chunk.length).toBeLessThanOrEqual(64 * 1024);
      expect(chunk[chunk.length - 1]).toBe(0x0a);
    }
    const lines = Buffer.concat(chunks).toString().split('\n');
    expect(lines.pop()).toBe('');
    expect(lines).toHaveLength(20_000);
    expect(lines[0]).toBe('1\trow 1\t1.5');
    expect(lines[19_999]).toBe('20000\trow 20000\t30000.0');
    expect(lines.every((line, i) => line.startsWith(`${i + 1}\t`))).toBe(true);
  });

  it('writes CSV when asked, quoting as COPY does', async () => {
    const chunks: Buffer[] = [];
    await copyOut(client, {
      select: `SELECT 1 AS n, 'a,b' AS s, NULL::text AS z`,
      format: 'csv',
      chunkBytes: 1024,
      onRows: (c) => chunks.push(Buffer.from(c)),
    });
    expect(Buffer.concat(chunks).toString()).toBe('1,"a,b",\n');
  });

  it('an empty result delivers nothing and resolves to 0', async () => {
    const onRows = jest.fn();
    expect(await copyOut(client, { select: `${SERIES} WHERE false`, format: 'text', chunkBytes: 1024, onRows })).toBe(
      0,
    );
    expect(onRows).not.toHaveBeenCalled();
  });

  it('rejects with the server error, for a bad statement and for one failing after rows were sent, and the connection stays usable', async () => {
    await expect(
      copyOut(client, {
        select: 'SELECT no_such_column FROM pg_class',
        format: 'text',
        chunkBytes: 1024,
        onRows: () => undefined,
      }),
    ).rejects.toThrow('column "no_such_column" does not exist');
    const received: Buffer[] = [];
    const failing = `SELECT i, 1 / (15000 - i) AS x FROM generate_series(1, 20000) AS i`;
    await expect(
      copyOut(client, {
        select: failing,
        format: 'text',
        chunkBytes: 4096,
        onRows: (c) => received.push(Buffer.from(c)),
      }),
    ).rejects.toThrow('division by zero');
    expect(received.length).toBeGreaterThan(0);
    expect((await client.query('SELECT 41 + 1 AS answer')).rows).toEqual([{ answer: 42 }]);
  });

  it('rejects with what onRows threw after draining the answer, and the connection stays usable', async () => {
    let calls = 0;
    const onRows = () => {
      calls += 1;
      throw new Error('cannot parse');
    };
    await expect(copyOut(client, { select: SERIES, format: 'text', chunkBytes: 4096, onRows })).rejects.toThrow(
      'cannot parse',
    );
    expect(calls).toBe(1);
    expect((await client.query('SELECT count(*)::int AS n FROM generate_series(1, 3)')).rows).toEqual([{ n: 3 }]);
  });

  it('works inside a transaction and queued behind other queries', async () => {
    await client.query('BEGIN READ ONLY');
    const pending = client.query(`SET LOCAL TIME ZONE 'America/New_York'`);
    const chunks: Buffer[] = [];
    const rows = await copyOut(client, {
      select: `SELECT (TIMESTAMPTZ '2024-07-01 02:00:00+00')::date AS d`,
      format: 'text',
      chunkBytes: 1024,
      onRows: (c) => chunks.push(Buffer.from(c)),
    });
    await pending;
    await client.query('COMMIT');
    expect(rows).toBe(1);
    expect(Buffer.concat(chunks).toString()).toBe('2024-06-30\n');
  });

  it('rejects on a closed client instead of hanging', async () => {
    const closed = new Client({ connectionString: TEST_ADMIN_URL });
    await closed.connect();
    await closed.end();
    await expect(
      copyOut(closed, { select: SERIES, format: 'text', chunkBytes: 1024, onRows: () => undefined }),
    ).rejects.toThrow(/not queryable|closed/i);
  });
});
