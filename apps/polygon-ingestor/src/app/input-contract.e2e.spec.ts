import { polygonCalls, SIM_TODAY } from '../test-support/ingestor-harness';
import { useIngestorWithSimulator } from '../test-support/use-ingestor-with-simulator';

/**
 * Hostile input against every route of the real app over real HTTP, real
 * PostgreSQL and the simulator: each bad input is a 400 in the one error
 * shape naming the field, and a refused write stores nothing, enqueues
 * nothing and calls Polygon for nothing.
 */
describe('polygon-ingestor input contracts (real app, real PostgreSQL)', () => {
  const { sim, ingestor } = useIngestorWithSimulator({ seed: 1, symbols: 100, today: SIM_TODAY });

  /** Everything a write could change: the universe, backfill runs and calls, Polygon calls made. */
  async function footprint() {
    return {
      symbols: await ingestor.scalar('SELECT count(*) FROM data_ingestion.symbols'),
      activeSymbols: await ingestor.scalar(`SELECT count(*) FROM data_ingestion.symbols WHERE status = 'active'`),
      runs: await ingestor.scalar('SELECT count(*) FROM data_ingestion.backfill_runs'),
      calls: await ingestor.scalar('SELECT count(*) FROM data_ingestion.backfill_calls'),
      polygonCalls: (await polygonCalls(sim)).total,
    };
  }

  async function send(method: string, path: string, init: { body?: string; contentType?: string } = {}) {
    const headers: Record<string, string> = { authorization: `Bearer ${ingestor.env['INTERNAL_API_TOKEN']}` };
    if (init.contentType) headers['content-type'] = init.contentType;
    const response = await fetch(`${ingestor.baseUrl}${path}`, { method, headers, body: init.body });
    const text = await response.text();
    return { status: response.status, text, body: JSON.parse(text) };
  }

  const json = (value: unknown) => ({ body: JSON.stringify(value), contentType: 'application/json' });

  function expectRefusal(
    answer: {
      status: number;
      text: string;
      body: { statusCode?: number; error?: string; message?: unknown; reasons?: string[] };
    },
    reason: RegExp,
  ) {
    expect(answer.status).toBe(400);
    expect(answer.body).toMatchObject({ statusCode: 400, error: 'Bad Request' });
    expect(
      [answer.body.message, ...(answer.body.reasons ?? [])].some(
        (text) => typeof text === 'string' && reason.test(text),
      ),
    ).toBe(true);
    expect(answer.text).not.toMatch(/\n\s+at |\.ts:\d+/);
  }

  describe('reads', () => {
    it.each([
      ['GET /symbols with `status` twice', '/symbols?status=active&status=delisted', /^status must be given once$/],
      [
        'GET /symbols with an unknown parameter',
        '/symbols?state=active',
        /^unknown query parameter "state"; allowed: status$/,
      ],
      ['GET /bars with `from` twice', '/bars/AAPL?from=2025-01-02&from=2025-02-03', /^from must be given once$/],
      ['GET /bars with `adjusted` twice', '/bars/AAPL?adjusted=true&adjusted=false', /^adjusted must be given once$/],
      [
        'GET /bars with an unknown parameter',
        '/bars/AAPL?limit=5',
        /^unknown query parameter "limit"; allowed: from, to, adjusted$/,
      ],
      ['GET /coverage with `to` twice', `/coverage?to=${SIM_TODAY}&to=${SIM_TODAY}`, /^to must be given once$/],
      [
        'GET /coverage with an unknown parameter',
        '/coverage?days=5',
        /^unknown query parameter "days"; allowed: sessions, to$/,
      ],
      [
        'GET /backfill/plan with `symbols` twice',
        '/backfill/plan?symbols=AAPL&symbols=MSFT',
        /^symbols must be given once$/,
      ],
      [
        'GET /backfill/plan with an unknown parameter',
        '/backfill/plan?symbol=AAPL',
        /^unknown query parameter "symbol"; allowed: symbols, from, to$/,
      ],
      ['GET /backfill/runs/:id with a non-number', '/backfill/runs/abc', /^id must be a positive integer, got "abc"$/],
    ])('refuses %s with 400 naming it', async (_what, path, reason) => {
      expectRefusal(await send('GET', path), reason);
    });

    it('names the refusal like the route does, with every reason', async () => {
      const answer = await send('GET', '/bars/AAPL?from=a&from=b&to=c&to=d&x=1');
      expect(answer.body).toEqual({
        statusCode: 400,
        error: 'Bad Request',
        message: 'invalid bars request',
        reasons: [
          'from must be given once',
          'to must be given once',
          'unknown query parameter "x"; allowed: from, to, adjusted',
        ],
      });
    });
  });

  describe('writes store nothing when refused', () => {
    it.each([
      [
        'POST /backfill with `symbols` as text',
        '/backfill',
        json({ symbols: 'AAPL' }),
        /^symbols must be a non-empty list such as \["AAPL","MSFT"\], got "AAPL"$/,
      ],
      [
        'POST /backfill with an empty `symbols`',
        '/backfill',
        json({ symbols: [] }),
        /^symbols must be a non-empty list/,
      ],
      [
        'POST /backfill with a number for `from`',
        '/backfill',
        json({ from: 20250102 }),
        /^from must be a YYYY-MM-DD date, got 20250102$/,
      ],
      [
        'POST /backfill with a list for `to`',
        '/backfill',
        json({ to: ['2025-01-02'] }),
        /^to must be a YYYY-MM-DD date/,
      ],
      [
        'POST /backfill with an unknown field',
        '/backfill',
        json({ symbols: ['AAPL'], force: true }),
        /^unknown field "force" \(allowed: symbols, from, to\)$/,
      ],
      [
        'POST /backfill with a text/plain body',
        '/backfill',
        { body: '{"symbols":["AAPL"]}', contentType: 'text/plain' },
        /^the request body must be JSON \(Content-Type: application\/json\), got Content-Type: text\/plain$/,
      ],
      [
        'POST /backfill with a form body',
        '/backfill',
        { body: 'symbols=AAPL', contentType: 'application/x-www-form-urlencoded' },
        /got Content-Type: application\/x-www-form-urlencoded$/,
      ],
      [
        'POST /backfill with malformed JSON',
        '/backfill',
        { body: '{"symbols": [', contentType: 'application/json' },
        /JSON/,
      ],
      ['POST /backfill with a JSON array', '/backfill', json(['AAPL']), /^body must be a JSON object, got an array$/],
      ['POST /symbols with a number for `symbol`', '/symbols', json({ symbol: 7 }), /symbol/],
      [
        'POST /symbols with a list for `sector`',
        '/symbols',
        json({ symbol: 'PLTR', sector: ['Tech'] }),
        /^sector must be text of at most 100 characters/,
      ],
      [
        'POST /symbols with an unknown field',
        '/symbols',
        json({ symbol: 'PLTR', shares: 1 }),
        /^unknown field "shares" \(allowed: symbol, sector\)$/,
      ],
      [
        'POST /symbols with a text/plain body',
        '/symbols',
        { body: '{"symbol":"PLTR"}', contentType: 'text/plain' },
        /got Content-Type: text\/plain$/,
      ],
      [
        'POST /operations/end-of-day with a number for `date`',
        '/operations/end-of-day',
        json({ date: 20251121 }),
        /^date must be a YYYY-MM-DD date, got 20251121$/,
      ],
      [
        'POST /operations/end-of-day with an unknown field',
        '/operations/end-of-day',
        json({ force: true }),
        /^unknown field "force" \(allowed: date\)$/,
      ],
      [
        'POST /operations/end-of-day with a text/plain body',
        '/operations/end-of-day',
        { body: 'now', contentType: 'text/plain' },
        /got Content-Type: text\/plain$/,
      ],
      [
        'POST /operations/gap-repair with a field',
        '/operations/gap-repair',
        json({ symbols: ['AAPL'] }),
        /^unknown field "symbols" \(this request takes none\)$/,
      ],
      [
        'POST /operations/gap-repair with a text/plain body',
        '/operations/gap-repair',
        { body: 'go', contentType: 'text/plain' },
        /got Content-Type: text\/plain$/,
      ],
      [
        'POST /operations/corporate-actions with a field',
        '/operations/corporate-actions',
        json({ from: '2025-01-01' }),
        /^unknown field "from" \(this request takes none\)$/,
      ],
      [
        'POST /operations/reference-sync with a field',
        '/operations/reference-sync',
        json({ full: true }),
        /^unknown field "full" \(this request takes none\)$/,
      ],
      [
        'POST /symbols/:symbol/suspend with a field',
        '/symbols/AAPL/suspend',
        json({ reason: 'x' }),
        /^unknown field "reason" \(this request takes none\)$/,
      ],
      [
        'POST /symbols/:symbol/activate with a text/plain body',
        '/symbols/AAPL/activate',
        { body: 'x', contentType: 'text/plain' },
        /got Content-Type: text\/plain$/,
      ],
      [
        'DELETE /symbols/:symbol with a field',
        '/symbols/AAPL',
        json({ hard: true }),
        /^unknown field "hard" \(this request takes none\)$/,
      ],
    ])('refuses %s', async (what, path, init, reason) => {
      const before = await footprint();
      expectRefusal(await send(what.startsWith('DELETE') ? 'DELETE' : 'POST', path, init), reason);
      expect(await footprint()).toEqual(before);
    });

    it('still suspends AAPL with no body, and with an empty JSON object activates it again', async () => {
      expect((await send('POST', '/symbols/AAPL/suspend')).status).toBe(200);
      expect((await send('POST', '/symbols/AAPL/activate', json({}))).status).toBe(200);
    });
  });
});
