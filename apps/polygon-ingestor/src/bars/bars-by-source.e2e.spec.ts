import { sourceParameterProblem, symbolProblem } from '@mdi/domain';
import { startProviderSimulator, type ProviderSimulator } from '@mdi/testing';
import { SIM_TODAY, startIngestor, type IngestorHarness } from '../test-support/ingestor-harness';

const at = (date: string) => `(DATE '${date}'::timestamp AT TIME ZONE 'America/New_York')`;

/**
 * GET /bars/:symbol/sources/:source: one source's series of a symbol (Alpaca's next to Polygon's for a chart of
 * both), over real HTTP and PostgreSQL; every answer names its source and the others a symbol may have.
 */
describe('bars of one source', () => {
  let sim: ProviderSimulator;
  let ingestor: IngestorHarness;

  beforeAll(async () => {
    sim = await startProviderSimulator({ symbols: 10, today: SIM_TODAY, polygonRateLimit: 0 });
    ingestor = await startIngestor(sim, { SEED_INITIAL_SYMBOLS: 'false', DATA_INGESTION_ACTIVE_SYMBOLS: 'AAPL' });
    const insert = (source: string, date: string, close: number) =>
      ingestor.db.dataSource.query(
        `INSERT INTO data_ingestion.market_data (symbol, timestamp, open, high, low, close, volume, source)
         VALUES ('AAPL', ${at(date)}, $2, $2, $2, $2, 1000, $1)`,
        [source, close],
      );
    await insert('polygon', '2025-11-20', 100);
    await insert('polygon', '2025-11-21', 101);
    await insert('alpaca', '2025-11-21', 104);
  }, 60_000);

  afterAll(async () => {
    await ingestor?.close();
    await sim?.stop();
  });

  const range = 'from=2025-11-17&to=2025-11-21';

  it("serves the ingestor's own source by default and names the others", async () => {
    const answer = await ingestor.request('GET', `/bars/AAPL?${range}`);
    expect(answer.status).toBe(200);
    expect(answer.body).toMatchObject({ source: 'polygon', otherSources: ['alpaca'], count: 2 });
  });

  it('names no other source where none has bars of the symbol in the range', async () => {
    const before = await ingestor.request('GET', '/bars/AAPL?from=2025-11-17&to=2025-11-20');
    expect(before.body).toMatchObject({ source: 'polygon', otherSources: [], count: 1 });
  });

  it("serves another source's series of the same symbol, and the primary's when asked by name", async () => {
    const alpaca = await ingestor.request('GET', `/bars/AAPL/sources/alpaca?${range}`);
    expect(alpaca.status).toBe(200);
    expect(alpaca.body).toMatchObject({ symbol: 'AAPL', source: 'alpaca', otherSources: ['polygon'], count: 1 });
    expect(alpaca.body.bars).toEqual([
      { date: '2025-11-21', open: '104', high: '104', low: '104', close: '104', volume: '1000' },
    ]);
    const polygon = await ingestor.request('GET', `/bars/AAPL/sources/polygon?${range}`);
    expect(polygon.body).toMatchObject({ source: 'polygon', count: 2 });
  });

  it.each([
    ['an unknown source', '/bars/AAPL/sources/iex', /^source must be one of polygon, alpaca, got "iex"$/],
    ['a bad symbol and source at once', '/bars/aapl!/sources/x', /source must be one of polygon, alpaca, got "x"/],
    ['a bad date', '/bars/AAPL/sources/alpaca?from=2025-13-01', /^from must be a YYYY-MM-DD date/],
    ['an unknown parameter', '/bars/AAPL/sources/alpaca?source=polygon', /^unknown query parameter "source"/],
  ])('refuses %s with a 400 naming it', async (_name, path, reason) => {
    const answer = await ingestor.request('GET', path);
    expect(answer.status).toBe(400);
    expect(answer.body.reasons).toContainEqual(expect.stringMatching(reason));
  });

  it('names both problems of a bad symbol and a bad source at once', async () => {
    const answer = await ingestor.request('GET', '/bars/aapl!/sources/x');
    expect(answer.status).toBe(400);
    expect(answer.body.reasons).toEqual([symbolProblem('aapl!'), sourceParameterProblem('x')]);
  });
});
