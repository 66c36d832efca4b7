import { Client } from 'pg';
import { TEST_ADMIN_URL } from '../../test-support/test-database';
import { copyBinaryOut } from '../copy/copy-binary-out';
import { BarTupleDecoder, type BarColumns } from './bar-export-columns';

/**
 * Rows in BAR_TUPLE_FIELDS' shape: the instants around New York midnights, both DST changes, and
 * before 1883 (local mean time, -4:56:02), prices of the columns' types, NaN among them.
 */
const ROWS = [
  ['AAPL', '2024-07-01 00:00:00 America/New_York', '100.500000', '101.25', '99.125', '100.8', '1000000'],
  ['AAPL', '2024-07-01 23:30:00 America/New_York', '0', '-0.000001', '123456789012.123456', '0.1', '123.456789'],
  ['AAPL', '2024-01-15 23:59:59.999 America/New_York', '1', '2', '3', '4', '9999999999999999999.999999'],
  ['BRK.B', '2024-03-10 00:30:00 America/New_York', '412.3', '413', '411.999999', 'NaN', '0.000001'],
  ['BRK.B', '2024-03-10 03:30:00 America/New_York', '412.3', '413', '411.999999', '412', '5'],
  ['BRK.B', '2024-11-03 01:30:00-05', '412.3', '413', '411.999999', '412', '5'],
  ['MSFT', '1850-06-02 04:55:00+00', '1', '1', '1', '1', '1'],
  ['MSFT', '1850-06-02 04:57:00+00', '1', '1', '1', '1', '1'],
] as const;

const VALUES = ROWS.map((row, n) => `(${n}, ${row.map((value) => `'${value}'`).join(', ')})`).join(',\n');
const TABLE = `(VALUES ${VALUES}) AS v(n, symbol, ts, open, high, low, close, volume)`;
const SELECT_TUPLES = `SELECT symbol::varchar, ts::timestamptz AS timestamp, open::numeric(18,6), high::numeric(18,6),
                              low::numeric(18,6), close::numeric(18,6), volume::numeric(25,6)
                         FROM ${TABLE} ORDER BY n`;

/** Plain copies of each chunk's columns (the decoder reuses its arrays). */
function kept(columns: BarColumns) {
  return {
    rows: columns.rows,
    symbols: [...columns.symbols],
    runLengths: [...columns.runLengths],
    day: [...columns.day],
    epochMs: [...columns.epochMs],
    prices: [columns.open, columns.high, columns.low, columns.close, columns.volume].map((values) => [...values]),
  };
}

describe('BarTupleDecoder (binary COPY of real PostgreSQL)', () => {
  let client: Client;

  beforeAll(async () => {
    client = new Client({ connectionString: TEST_ADMIN_URL });
    await client.connect();
  });
  afterAll(() => client?.end());

  const decode = async (select: string, chunkRows: number) => {
    const chunks: ReturnType<typeof kept>[] = [];
    const decoder = new BarTupleDecoder(chunkRows, (columns) => chunks.push(kept(columns)));
    const rows = await copyBinaryOut(client, { select, onTuple: decoder.tuple });
    decoder.flush();
    return { rows, chunks };
  };

  it('decodes every row into columns, in chunks of chunkRows, symbols as runs per chunk', async () => {
    const { rows, chunks } = await decode(SELECT_TUPLES, 3);
    expect(rows).toBe(8);
    expect(chunks.map((c) => [c.rows, c.symbols, c.runLengths])).toEqual([
      [3, ['AAPL'], [3]],
      [3, ['BRK.B'], [3]],
      [2, ['MSFT'], [2]],
    ]);
    const { chunks: one } = await decode(SELECT_TUPLES, 100);
    expect(one.map((c) => [c.rows, c.symbols, c.runLengths])).toEqual([[8, ['AAPL', 'BRK.B', 'MSFT'], [3, 3, 2]]]);
  });

  it("gives PostgreSQL's own New York date and epoch milliseconds, and the doubles parseFloat gives for the NUMERIC text", async () => {
    const { chunks } = await decode(SELECT_TUPLES, 3);
    const expected: { day: number; epoch_ms: string; prices: string[] }[] = (
      await client.query(
        `SELECT (ts::timestamptz AT TIME ZONE 'America/New_York')::date - DATE '1970-01-01' AS day,
                (extract(epoch FROM ts::timestamptz) * 1000)::bigint::text AS epoch_ms,
                ARRAY[open::numeric(18,6)::text, high::numeric(18,6)::text, low::numeric(18,6)::text,
                      close::numeric(18,6)::text, volume::numeric(25,6)::text] AS prices
           FROM ${TABLE} ORDER BY n`,
      )
    ).rows;
    expect(chunks.flatMap((c) => c.day)).toEqual(expected.map((row) => row.day));
    // 1850-06-02 04:55Z and 04:57Z: one UTC hour, two New York dates (local mean time is not whole hours).
    expect(chunks[2].day[1] - chunks[2].day[0]).toBe(1);
    expect(chunks.flatMap((c) => c.epochMs)).toEqual(expected.map((row) => Number(row.epoch_ms)));
    const decoded = chunks.flatMap((c) => c.day.map((_, k) => c.prices.map((column) => column[k])));
    expect(decoded).toEqual(expected.map((row) => row.prices.map((text) => parseFloat(text))));
    expect(decoded[3][3]).toBeNaN();
  });

  it('refuses a NULL in any column, a tuple of another shape and an infinite timestamp; the connection stays usable', async () => {
    const columns = ['symbol', 'timestamp', 'open', 'high', 'low', 'close', 'volume'];
    for (const nulled of ['symbol', 'open', 'volume']) {
      const select = `SELECT ${columns.map((c) => (c === nulled ? `NULL AS ${c}` : c)).join(', ')} FROM (${SELECT_TUPLES}) AS t`;
      await expect(decode(select, 3)).rejects.toThrow(`COPY BINARY: ${nulled} is NULL`);
    }
    await expect(decode(`SELECT *, 1 AS extra FROM (${SELECT_TUPLES}) AS t`, 3)).rejects.toThrow(
      'COPY BINARY: a tuple of 8 fields, expected 7',
    );
    await expect(
      decode(`SELECT symbol, timestamp, open::float8, high, low, close, volume FROM (${SELECT_TUPLES}) AS t`, 3),
    ).rejects.toThrow('binary NUMERIC of 8 bytes');
    await expect(
      decode(`SELECT symbol, 'infinity'::timestamptz, open, high, low, close, volume FROM (${SELECT_TUPLES}) AS t`, 3),
    ).rejects.toThrow('COPY BINARY: a timestamp out of range (or infinite)');
    expect((await client.query('SELECT 41 + 1 AS answer')).rows).toEqual([{ answer: 42 }]);
  });

  it('hands over nothing for no rows, and refuses a chunk size that is not a positive integer', async () => {
    expect(await decode(`${SELECT_TUPLES} LIMIT 0`, 3)).toEqual({ rows: 0, chunks: [] });
    expect(() => new BarTupleDecoder(0, () => undefined)).toThrow('chunkRows must be a positive integer, got 0');
  });
});
