import { TestSim, jsonOf, startTestSim } from '../test/sim-harness';

jest.setTimeout(30_000);
const AGGS = '/v2/aggs/ticker/AAPL/range/1/day/2026-11-02/2026-11-13';
const GROUPED = '/v2/aggs/grouped/locale/us/market/stocks/2026-11-24';

type Row = Record<string, unknown>;

/** Real data that is not an error: fractional volumes, optional fields left out, fields we do not know, ticker spellings. */
describe('data rules', () => {
  let sim: TestSim;
  let clean: { results: Row[] };
  beforeAll(async () => {
    sim = await startTestSim({ symbols: ['AAPL', 'MSFT', 'BRK.B', 'BF.A', 'KIMpL'] });
    clean = await jsonOf(await sim.polygon(AGGS));
  });
  afterAll(() => sim.close());
  beforeEach(() => sim.control('/__sim/reset', {}));

  const faults = async (rules: unknown) => {
    const res = await sim.control('/__sim/faults', rules);
    expect(res.status).toBe(200);
  };
  const groupedRow = async (ticker: string): Promise<Row> =>
    (await jsonOf<{ results: Row[] }>(await sim.polygon(GROUPED))).results.find((r) => r.T === ticker) as Row;

  it('sends a given fractional volume as a JSON number, digit for digit', async () => {
    await faults([{ kind: 'fractional-volume', endpoint: 'polygon.aggs.range', rows: 3, volume: 25933.6, count: 1 }]);
    const res = await sim.polygon(AGGS);
    const text = await res.text();
    expect(text.match(/"v":25933\.6[,}]/g)).toHaveLength(3);
    const rows = (JSON.parse(text) as { results: Row[] }).results;
    expect(rows.filter((r) => r.v === 25933.6)).toHaveLength(3);
    // Only v changes.
    rows.forEach((row, i) => expect({ ...row, v: clean.results[i].v }).toEqual(clean.results[i]));
  });

  it("without a volume, adds a fraction to the row's own volume, the same on every call", async () => {
    const rule = { kind: 'fractional-volume', ticker: 'MSFT' };
    await faults([rule]);
    const first = await groupedRow('MSFT');
    const again = await groupedRow('MSFT');
    const original = (await jsonOf<{ results: Row[] }>(await sim.polygon(GROUPED))).results.find(
      (r) => r.T === 'AAPL',
    ) as Row;
    expect(Number.isInteger(first.v)).toBe(false);
    expect(String(first.v)).toMatch(/^\d+\.\d{1,3}$/);
    expect(again.v).toBe(first.v);
    expect(Number.isInteger(original.v)).toBe(true);
    await sim.control('/__sim/reset', {});
    expect(Math.floor(first.v as number)).toBe((await groupedRow('MSFT')).v);
  });

  it('can send a volume with more fraction digits than anyone stores', async () => {
    await faults([{ kind: 'fractional-volume', ticker: 'BRK.B', volume: 1234.1234567, count: 1 }]);
    expect((await groupedRow('BRK.B')).v).toBe(1234.1234567);
  });

  it('removes the optional vw and n, one rule each', async () => {
    await faults([
      { kind: 'missing-fields', ticker: 'AAPL', field: 'vw', count: 1 },
      { kind: 'missing-fields', ticker: 'AAPL', field: 'n', count: 1 },
    ]);
    const row = await groupedRow('AAPL');
    expect(row).not.toHaveProperty('vw');
    expect(row).not.toHaveProperty('n');
    expect(Object.keys(row).sort()).toEqual(['T', 'c', 'h', 'l', 'o', 't', 'v']);
  });

  it("adds fields Polygon does not send: the rule's own, or two defaults", async () => {
    await faults([{ kind: 'extra-fields', ticker: 'AAPL', fields: { otc: true, x_new: { a: [1] } }, count: 1 }]);
    const named = await groupedRow('AAPL');
    expect(named).toMatchObject({ T: 'AAPL', otc: true, x_new: { a: [1] } });
    await faults([{ kind: 'extra-fields', endpoint: 'polygon.aggs.range', rows: 2, count: 1 }]);
    const range = await jsonOf<{ results: Row[] }>(await sim.polygon(AGGS));
    const extended = range.results.filter((r) => 'sim_extra' in r);
    expect(extended).toHaveLength(2);
    expect(extended[0]).toMatchObject({
      sim_extra: 'a field Polygon may add later',
      sim_extra_object: { nested: [1, 2] },
    });
  });

  it('serves tickers exactly as spelled in --symbols: class shares with a dot, Polygon preferred spelling', async () => {
    const grouped = await jsonOf<{ results: Row[] }>(await sim.polygon(GROUPED));
    expect(grouped.results.map((r) => r.T)).toEqual(expect.arrayContaining(['BRK.B', 'BF.A', 'KIMpL']));
    expect(grouped.results.map((r) => r.T)).not.toContain('KIMPL');
    const range = await jsonOf<{ ticker: string; resultsCount: number }>(
      await sim.polygon('/v2/aggs/ticker/BF.A/range/1/day/2026-11-02/2026-11-13'),
    );
    expect(range).toMatchObject({ ticker: 'BF.A', resultsCount: clean.results.length });
  });

  it('refuses bad options of the data rules', async () => {
    for (const bad of [
      [{ kind: 'fractional-volume', volume: -1 }],
      [{ kind: 'fractional-volume', volume: '25933.6' }],
      [{ kind: 'extra-fields', fields: {} }],
      [{ kind: 'extra-fields', fields: ['x'] }],
    ]) {
      const res = await sim.control('/__sim/faults', bad);
      expect({ bad, status: res.status }).toEqual({ bad, status: 400 });
    }
  });
});
