import { useServiceHarness } from '@mdi/testing';
import { DataSource } from 'typeorm';
import { serviceDefinition } from '../app/service-definition';
import { writeBars, writeSymbols } from '../test-support/bar-writer';
import { generateCleanBars } from '../test-support/clean-bars.generator';

/**
 * Hostile input against every route of the real app over real HTTP and real
 * PostgreSQL: each bad input is a 400 in the one error shape, naming the
 * field, and a refused write stores nothing.
 */
describe('quality-service input contracts (real app, real PostgreSQL)', () => {
  const harness = useServiceHarness(serviceDefinition, { QUALITY_SCHEDULER_ENABLED: 'false', LOG_LEVEL: 'silent' });
  let dataSource: DataSource;

  const storedLogs = async () =>
    Number((await dataSource.query('SELECT count(*) AS n FROM data_ingestion.data_quality_logs'))[0].n);

  async function send(method: string, path: string, init: { body?: string; contentType?: string } = {}) {
    const headers: Record<string, string> = { authorization: `Bearer ${harness.serviceToken}` };
    if (init.contentType) headers['content-type'] = init.contentType;
    const response = await fetch(`${harness.baseUrl}${path}`, { method, headers, body: init.body });
    const text = await response.text();
    return { status: response.status, text, body: text === '' ? null : JSON.parse(text) };
  }

  function expectRefusal(
    answer: { status: number; text: string; body: { statusCode?: number; error?: string; message?: unknown } },
    reason: RegExp,
  ) {
    expect(answer.status).toBe(400);
    expect(answer.body).toMatchObject({ statusCode: 400, error: 'Bad Request' });
    expect(answer.body.message).toMatch(reason);
    expect(answer.text).not.toMatch(/\n\s+at |\.ts:\d+/);
  }

  beforeAll(async () => {
    dataSource = harness.app.get(DataSource);
    await writeBars(dataSource, generateCleanBars({ symbols: ['AAA'], from: '2024-01-02', to: '2024-10-31' }));
    await writeSymbols(dataSource, ['AAA']);
  }, 60_000);

  describe('GET /reports', () => {
    it.each([
      [
        'a year-9999 `to`',
        '/reports?to=9999-01-01',
        /^to must be a date from 1970-01-01 to 2099-12-31, got "9999-01-01"$/,
      ],
      [
        'the last day of year 9999',
        '/reports?from=9999-01-01&to=9999-12-31',
        /^to must be a date from 1970-01-01 to 2099-12-31/,
      ],
      [
        'a year-9999 `from`',
        '/reports?from=9999-01-01',
        /^from must be a date from 1970-01-01 to 2099-12-31, got "9999-01-01"$/,
      ],
      ['a date before 1970', '/reports?from=1969-12-31&to=2024-01-01', /^from must be a date from 1970-01-01/],
      [
        'an unknown parameter',
        '/reports?form=2024-01-01',
        /^unknown query parameter "form"; allowed: from, to, symbol, limit$/,
      ],
      ['a repeated `from`', '/reports?from=2024-01-01&from=2024-02-01', /^from must be given once$/],
      ['a repeated `to`', '/reports?to=2024-01-01&to=2024-02-01', /^to must be given once$/],
      ['a repeated `symbol`', '/reports?symbol=AAA&symbol=AAA', /^symbol must be given once$/],
      ['a repeated `limit`', '/reports?limit=1&limit=2', /^limit must be given once$/],
      [
        'a `limit` that is not a number',
        '/reports?limit=ten',
        /^limit must be a whole number from 1 to 1000, got "ten"$/,
      ],
      ['a negative `limit`', '/reports?limit=-1', /^limit must be a whole number/],
      ['a malformed symbol', "/reports?symbol=A'B", /symbol/],
    ])('refuses %s with 400 naming it', async (_what, path, reason) => {
      expectRefusal(await send('GET', path), reason);
    });

    it('gives every unknown and repeated parameter at once', async () => {
      const answer = await send('GET', '/reports?a=1&b=2&limit=1&limit=2');
      expect(answer.status).toBe(400);
      expect(answer.body.reasons).toEqual([
        'limit must be given once',
        'unknown query parameter "a"; allowed: from, to, symbol, limit',
        'unknown query parameter "b"; allowed: from, to, symbol, limit',
      ]);
    });

    it('still answers a valid query', async () => {
      expect(await send('GET', '/reports?from=2024-01-01&to=2099-12-31&limit=5')).toMatchObject({
        status: 200,
        body: { from: '2024-01-01', to: '2099-12-31', reports: [] },
      });
    });
  });

  describe('GET /analytics/:symbol/indicators', () => {
    it.each([
      ['a repeated indicator', '/analytics/AAA/indicators?indicators=sma,sma', /^indicators lists sma twice/],
      [
        'an indicator and its default spelled out',
        '/analytics/AAA/indicators?indicators=rsi,rsi:14',
        /^indicators lists rsi:14 twice \(rsi and rsi:14 are the same indicator\)$/,
      ],
      [
        '`indicators` given twice',
        '/analytics/AAA/indicators?indicators=sma&indicators=rsi',
        /^indicators must be given once$/,
      ],
      [
        'a year-9999 `to`',
        '/analytics/AAA/indicators?to=9999-01-01',
        /^to must be a date from 1970-01-01 to 2099-12-31/,
      ],
      [
        'a year-9999 `from`',
        '/analytics/AAA/indicators?from=9999-01-01&to=9999-12-31',
        /^to must be a date from 1970-01-01 to 2099-12-31/,
      ],
      ['a repeated `from`', '/analytics/AAA/indicators?from=2024-01-01&from=2024-02-01', /^from must be given once$/],
      [
        'an unknown parameter',
        '/analytics/AAA/indicators?period=14',
        /^unknown query parameter "period"; allowed: from, to, indicators$/,
      ],
      [
        'a non-numeric indicator parameter',
        '/analytics/AAA/indicators?indicators=sma:x',
        /^sma:x: parameters must be positive numbers$/,
      ],
    ])('refuses %s with 400 naming it', async (_what, path, reason) => {
      expectRefusal(await send('GET', path), reason);
    });

    it('still computes distinct indicators of one kind', async () => {
      const answer = await send(
        'GET',
        '/analytics/AAA/indicators?from=2024-10-01&to=2024-10-31&indicators=sma:5,sma:10',
      );
      expect(answer).toMatchObject({ status: 200, body: { columns: ['sma_5', 'sma_10'] } });
    });
  });

  describe('POST /runs (takes no body)', () => {
    it.each([
      [
        'a text/plain body',
        { body: '{}', contentType: 'text/plain' },
        /^the request body must be JSON \(Content-Type: application\/json\), got Content-Type: text\/plain$/,
      ],
      [
        'a form body',
        { body: 'symbols=AAA', contentType: 'application/x-www-form-urlencoded' },
        /got Content-Type: application\/x-www-form-urlencoded$/,
      ],
      ['a body without a Content-Type', { body: 'run' }, /got (no Content-Type|Content-Type: text\/plain)$/],
      [
        'a field',
        { body: '{"symbols":"AAA"}', contentType: 'application/json' },
        /^unknown field "symbols" \(this request takes none\)$/,
      ],
      [
        'a JSON array',
        { body: '["AAA"]', contentType: 'application/json' },
        /^this request takes no body, got an array$/,
      ],
      ['malformed JSON', { body: '{"symbols":', contentType: 'application/json' }, /JSON/],
    ])('refuses %s with 400 and runs nothing', async (_what, init, reason) => {
      const before = await storedLogs();
      expectRefusal(await send('POST', '/runs', init), reason);
      expect(await storedLogs()).toBe(before);
      expect((await send('GET', '/reports/latest')).status).toBe(404);
    });

    it('refuses a body over the size limit with 413, and runs nothing', async () => {
      const before = await storedLogs();
      const answer = await send('POST', '/runs', {
        body: JSON.stringify({ padding: 'A'.repeat(300_000) }),
        contentType: 'application/json',
      });
      expect(answer).toMatchObject({ status: 413, body: { statusCode: 413, error: 'Payload Too Large' } });
      expect(await storedLogs()).toBe(before);
    });

    it.each([
      ['an unknown mode', '?mode=fast', /^mode must be one of full, incremental, got "fast"$/],
      ['mode twice', '?mode=full&mode=incremental', /mode/],
      ['an unknown parameter', '?symbols=AAA', /symbols/],
    ])('refuses %s with 400 and runs nothing', async (_what, query, reason) => {
      const before = await storedLogs();
      expectRefusal(await send('POST', `/runs${query}`), reason);
      expect(await storedLogs()).toBe(before);
    });

    it('runs with no body and with an empty JSON object', async () => {
      expect((await send('POST', '/runs')).status).toBe(201);
      expect((await send('POST', '/runs', { body: '{}', contentType: 'application/json' })).status).toBe(201);
    });
  });
});
