import { ReferenceTickerRepository } from '@mdi/storage';
import { polygonCalls, SIM_TODAY } from '../test-support/ingestor-harness';
import { useIngestorWithSimulator } from '../test-support/use-ingestor-with-simulator';

describe('symbol universe API', () => {
  const { sim, ingestor } = useIngestorWithSimulator(
    { seed: 1, symbols: 100, today: SIM_TODAY },
    { DATA_INGESTION_ACTIVE_SYMBOLS: 'AAPL,ZTS' },
  );

  it('seeds the 100 initial symbols plus the configured ones, and caches the active list', async () => {
    const { body } = await ingestor.request('GET', '/symbols?status=active');
    expect(body.count).toBe(101);
    expect(body.symbols[0]).toEqual({
      symbol: 'AAPL',
      name: 'Apple Inc.',
      exchange: 'XNAS',
      sector: null,
      marketCap: null,
      status: 'active',
      type: null,
    });
    expect(body.symbols.map((s: { symbol: string }) => s.symbol)).toContain('ZTS');
    const redis = new (await import('ioredis')).default('redis://127.0.0.1:6379');
    try {
      const cached = JSON.parse((await redis.get(`${ingestor.env['CACHE_KEY_PREFIX']}data:active_symbols`)) as string);
      expect(cached).toHaveLength(101);
      expect(await redis.ttl(`${ingestor.env['CACHE_KEY_PREFIX']}data:active_symbols`)).toBeGreaterThan(3500);
    } finally {
      redis.disconnect();
    }
  });

  it.each([
    [{ symbol: 'aapl' }, 'invalid symbol', ['symbol "aapl" must be upper case']],
    [
      { symbol: 'TOOLONGX' },
      'invalid symbol',
      ['symbol "TOOLONGX" is not a US equity ticker (1-6 letters, optional .CLASS of 1-2 letters)'],
    ],
    [{}, 'invalid symbol', ['symbol is missing']],
    [
      { symbol: 'AAPL', sector: 7, shares: 1 },
      'invalid symbol',
      ['sector must be text of at most 100 characters, got 7', 'unknown field "shares" (allowed: symbol, sector)'],
    ],
    [['AAPL'], 'invalid symbol', ['body must be a JSON object such as {"symbol":"AAPL"}, got an array']],
  ])('refuses POST /symbols %p with the reasons', async (body, message, reasons) => {
    const answer = await ingestor.request('POST', '/symbols', body);
    expect(answer.status).toBe(400);
    expect(answer.body).toMatchObject({ message, reasons });
  });

  it('refuses an unknown symbol, naming why, and adds a known one', async () => {
    const before = await ingestor.request('POST', '/symbols', { symbol: 'QQQQ' });
    expect(before.body.reasons[0]).toMatch(/cannot be checked yet: no ticker reference has been loaded/);
    const references = ingestor.app.get(ReferenceTickerRepository);
    await references.markSeen(['PLTR', 'AAPL'], SIM_TODAY, 'polygon');
    await references.upsertReferences(
      [{ symbol: 'OLDCO', name: 'Old Co', exchange: 'XNYS', type: 'CS', active: false, delistedDate: '2024-03-01' }],
      'polygon',
    );
    expect((await ingestor.request('POST', '/symbols', { symbol: 'QQQQ' })).body.reasons).toEqual([
      'QQQQ is not a ticker Polygon knows (not in 3 reference tickers)',
    ]);
    expect((await ingestor.request('POST', '/symbols', { symbol: 'OLDCO' })).body.reasons).toEqual([
      'OLDCO is inactive at Polygon (delisted 2024-03-01)',
    ]);
    const added = await ingestor.request('POST', '/symbols', { symbol: 'PLTR', sector: 'Technology' });
    expect(added).toMatchObject({ status: 201, body: { symbol: 'PLTR', sector: 'Technology', status: 'active' } });
    expect((await ingestor.request('POST', '/symbols', { symbol: 'PLTR' })).status).toBe(200);
  });

  it('refuses every write without the service token or with a wrong one, and changes no row; reads stay open', async () => {
    const rows = () => ingestor.scalar(`SELECT count(*) FROM data_ingestion.symbols WHERE status = 'active'`);
    const runs = () => ingestor.scalar('SELECT count(*) FROM data_ingestion.backfill_runs');
    const [symbolsBefore, runsBefore] = [await rows(), await runs()];
    const writes: [string, string, unknown?][] = [
      ['POST', '/symbols', { symbol: 'MSFT' }],
      ['POST', '/symbols/AAPL/suspend'],
      ['DELETE', '/symbols/AAPL'],
      ['POST', '/backfill', { symbols: ['AAPL'] }],
      ['POST', '/operations/end-of-day'],
      ['POST', '/operations/gap-repair'],
      ['POST', '/operations/reference-sync'],
      ['POST', '/operations/corporate-actions'],
    ];
    for (const [method, path, body] of writes) {
      const missing = await ingestor.request(method, path, body, null);
      expect([path, missing.status, missing.body.message]).toEqual([
        path,
        401,
        'missing Authorization header: write endpoints take "Authorization: Bearer <INTERNAL_API_TOKEN>"',
      ]);
      const wrong = await ingestor.request(method, path, body, 'not-the-service-token-0123');
      expect([path, wrong.status, wrong.body.message]).toEqual([
        path,
        401,
        'invalid service token in the Authorization header',
      ]);
    }
    expect([await rows(), await runs()]).toEqual([symbolsBefore, runsBefore]);
    expect((await ingestor.request('GET', '/symbols/AAPL', undefined, null)).body.status).toBe('active');
    expect((await ingestor.request('GET', '/backfill/plan?symbols=AAPL', undefined, null)).status).toBe(200);
    expect((await polygonCalls(sim)).total).toBe(0);
  });

  it('suspends, activates and removes symbols; unknown ones are 404 and malformed ones 400', async () => {
    expect((await ingestor.request('POST', '/symbols/PLTR/suspend')).body.status).toBe('suspended');
    expect((await ingestor.request('GET', '/backfill/plan?symbols=PLTR')).body.reasons).toEqual([
      'PLTR is not an active symbol of the universe (add or activate it first)',
    ]);
    expect((await ingestor.request('POST', '/symbols/PLTR/activate')).body.status).toBe('active');
    expect((await ingestor.request('DELETE', '/symbols/PLTR')).status).toBe(204);
    expect((await ingestor.request('GET', '/symbols/PLTR')).status).toBe(404);
    expect((await ingestor.request('DELETE', '/symbols/PLTR')).status).toBe(404);
    expect((await ingestor.request('POST', '/symbols/nope/suspend')).body.reasons).toEqual([
      'symbol "nope" must be upper case',
    ]);
    expect((await ingestor.request('GET', '/symbols?status=gone')).body.reasons).toEqual([
      'status must be one of active, delisted, suspended, got "gone"',
    ]);
    expect((await polygonCalls(sim)).total).toBe(0);
  });
});
