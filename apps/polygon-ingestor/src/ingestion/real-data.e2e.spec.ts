import { sessionDateOf, UsEquityCalendar } from '@mdi/domain';
import { eventually, type ProviderSimulator } from '@mdi/testing';
import { SIM_KEY, SIM_TODAY } from '../test-support/ingestor-harness';
import { useIngestorWithSimulator } from '../test-support/use-ingestor-with-simulator';

const UNIVERSE = ['AAPL', 'MSFT', 'NVDA', 'BRK.B', 'BF.A'];
const KIM_REASON =
  'symbol "KIMpL" has lower-case letters: Polygon spells securities other than common and class shares that way (KIMpL is a preferred share), and only common and class shares are stored; a ticker is never re-spelled';

/**
 * Real data is stored, not refused: fractional volumes (fractional-share
 * trading), rows without the optional vw and n, fields we do not know, dotted
 * class shares. What does not fit (a volume the column would round, a ticker
 * in Polygon's lower-case spelling) is refused with a reason, and nothing
 * wrong is stored. All over HTTP: simulator -> ingestor -> PostgreSQL -> GET /bars.
 */
describe('real provider data', () => {
  const { sim, ingestor } = useIngestorWithSimulator(
    { seed: 9, symbols: [...UNIVERSE, 'KIMpL'], today: SIM_TODAY, polygonRateLimit: 5, rateWindowMs: 1000 },
    {
      SEED_INITIAL_SYMBOLS: 'false',
      DATA_INGESTION_ACTIVE_SYMBOLS: UNIVERSE.join(','),
      EOD_CATCHUP_SESSIONS: '1',
    },
  );
  const sql = (text: string, params: unknown[] = []) => ingestor.db.dataSource.query(text, params);
  const storedVolumes = async (where: string, params: unknown[] = []) =>
    sql(
      `SELECT symbol, (timestamp AT TIME ZONE 'America/New_York')::date::text AS date, trim_scale(volume)::text AS volume
         FROM data_ingestion.market_data WHERE ${where} ORDER BY symbol, timestamp`,
      params,
    );
  const servedBars = async (symbol: string, from: string, to: string) => {
    const answer = await ingestor.request('GET', `/bars/${symbol}?from=${from}&to=${to}`);
    expect(answer.status).toBe(200);
    return answer.body.bars as { date: string; volume: unknown }[];
  };

  it('grouped daily: stores fractional volumes, rows without vw/n or with unknown fields and BRK.B/BF.A; refuses 7 decimals and KIMpL with reasons', async () => {
    const grouped = 'polygon.aggs.grouped';
    await sim.faults([
      { kind: 'fractional-volume', endpoint: grouped, ticker: 'AAPL', volume: 25933.6, count: 1 },
      { kind: 'fractional-volume', endpoint: grouped, ticker: 'BRK.B', volume: 1234567.891, count: 1 },
      { kind: 'fractional-volume', endpoint: grouped, ticker: 'MSFT', volume: 1234.1234567, count: 1 },
      { kind: 'missing-fields', endpoint: grouped, ticker: 'BF.A', field: 'vw', count: 1 },
      { kind: 'missing-fields', endpoint: grouped, ticker: 'BF.A', field: 'n', count: 1 },
      {
        kind: 'extra-fields',
        endpoint: grouped,
        ticker: 'NVDA',
        fields: { otc: false, x_later_version: { nested: [1, 2] } },
        count: 1,
      },
    ]);
    const tick = await ingestor.request('POST', '/operations/end-of-day');
    expect(tick.status).toBeLessThan(300);
    await eventually(
      async () => (await ingestor.scalar(`SELECT count(*) FROM data_ingestion.symbol_data_status`)) === UNIVERSE.length,
      'the ledger for the date',
    );

    // Every rule reached the answer the ingestor read.
    expect((await sim.stats()).sinceReset.faults).toEqual({
      'fractional-volume': 3,
      'missing-fields': 2,
      'extra-fields': 1,
    });
    const ledger = await sql(
      `SELECT symbol, status, error_message FROM data_ingestion.symbol_data_status ORDER BY symbol`,
    );
    expect(ledger).toEqual([
      { symbol: 'AAPL', status: 'success', error_message: null },
      { symbol: 'BF.A', status: 'success', error_message: null },
      { symbol: 'BRK.B', status: 'success', error_message: null },
      {
        symbol: 'MSFT',
        status: 'failed',
        error_message: 'volume 1234.1234567 has 7 decimal places; at most 6 are stored (NUMERIC(25,6))',
      },
      { symbol: 'NVDA', status: 'success', error_message: null },
    ]);

    const stored = await storedVolumes('true');
    expect(stored.map((r: { symbol: string }) => r.symbol)).toEqual(['AAPL', 'BF.A', 'BRK.B', 'NVDA']);
    expect(stored.filter((r: { symbol: string }) => ['AAPL', 'BRK.B'].includes(r.symbol))).toEqual([
      { symbol: 'AAPL', date: SIM_TODAY, volume: '25933.6' },
      { symbol: 'BRK.B', date: SIM_TODAY, volume: '1234567.891' },
    ]);
    expect(await servedBars('AAPL', SIM_TODAY, SIM_TODAY)).toEqual([
      expect.objectContaining({ date: SIM_TODAY, volume: '25933.6' }),
    ]);
    expect(await servedBars('BRK.B', SIM_TODAY, SIM_TODAY)).toEqual([
      expect.objectContaining({ date: SIM_TODAY, volume: '1234567.891' }),
    ]);
    // The untouched rows read back as the provider sent them.
    const simRows = await simGrouped(sim);
    for (const symbol of ['BF.A', 'NVDA']) {
      expect((await servedBars(symbol, SIM_TODAY, SIM_TODAY))[0]?.volume).toBe(String(simRows.get(symbol)?.v));
    }

    const logs = await sql(
      `SELECT symbol, status, message, details->'row'->>'T' AS ticker, details->'row'->'v' AS v
         FROM data_ingestion.data_quality_logs ORDER BY ticker`,
    );
    expect(logs).toEqual([
      { symbol: null, status: 'rejected', message: KIM_REASON, ticker: 'KIMpL', v: expect.any(Number) },
      {
        symbol: 'MSFT',
        status: 'rejected',
        message: 'volume 1234.1234567 has 7 decimal places; at most 6 are stored (NUMERIC(25,6))',
        ticker: 'MSFT',
        v: 1234.1234567,
      },
    ]);
    expect(
      await ingestor.scalar(`SELECT count(*) FROM data_ingestion.market_data WHERE upper(symbol) IN ('MSFT', 'KIMPL')`),
    ).toBe(0);
  }, 60_000);

  it('range backfill: stores fractional volumes digit for digit, refuses the one session whose volume has 7 decimals', async () => {
    const calendar = new UsEquityCalendar();
    const sessions: string[] = [];
    for (let day = SIM_TODAY; sessions.length < 10;) sessions.unshift((day = calendar.previousSession(day).date));
    const [from, to] = [sessions[0] as string, sessions[sessions.length - 1] as string];
    const range = 'polygon.aggs.range';
    await sim.faults([
      { kind: 'fractional-volume', endpoint: range, ticker: 'AAPL', rows: 3, volume: 1234567.891, count: 1 },
      { kind: 'missing-fields', endpoint: range, ticker: 'AAPL', field: 'vw', rows: 10, count: 1 },
      { kind: 'extra-fields', endpoint: range, ticker: 'AAPL', rows: 4, count: 1 },
      { kind: 'fractional-volume', endpoint: range, ticker: 'NVDA', rows: 1, volume: 0.1234567, count: 1 },
    ]);
    const started = await ingestor.request('POST', '/backfill', { symbols: ['AAPL', 'NVDA'], from, to });
    expect(started.status).toBe(202);
    await eventually(
      async () => (await ingestor.request('GET', `/backfill/runs/${started.body.run.id}`)).body.status !== 'running',
      'the backfill',
      60_000,
    );

    expect((await sim.stats()).sinceReset.faults).toEqual({
      'fractional-volume': 5,
      'missing-fields': 3,
      'extra-fields': 2,
    });
    const cells = await sql(
      `SELECT symbol, status, count(*)::int AS n FROM data_ingestion.symbol_data_status
        WHERE date BETWEEN $1 AND $2 GROUP BY symbol, status ORDER BY symbol, status`,
      [from, to],
    );
    expect(cells).toEqual([
      { symbol: 'AAPL', status: 'success', n: 10 },
      { symbol: 'NVDA', status: 'failed', n: 1 },
      { symbol: 'NVDA', status: 'success', n: 9 },
    ]);
    const [failed] = await sql(
      `SELECT date::text AS date, error_message FROM data_ingestion.symbol_data_status WHERE symbol = 'NVDA' AND status = 'failed'`,
    );
    expect(failed.error_message).toBe('volume 0.1234567 has 7 decimal places; at most 6 are stored (NUMERIC(25,6))');
    expect(
      await ingestor.scalar(
        `SELECT count(*) FROM data_ingestion.market_data WHERE symbol = 'NVDA' AND timestamp = ($1::date::timestamp AT TIME ZONE 'America/New_York')`,
        [failed.date],
      ),
    ).toBe(0);
    expect(
      await ingestor.scalar(
        `SELECT count(*) FROM data_ingestion.data_quality_logs WHERE symbol = 'NVDA' AND message = $1`,
        [failed.error_message],
      ),
    ).toBe(1);

    // Every AAPL volume, from SQL and from GET /bars, is the provider's, digit for digit.
    const provider = await simRange(sim, 'AAPL', from, to);
    const fractional = new Set(
      (await storedVolumes(`symbol = 'AAPL' AND volume = 1234567.891`)).map((r: { date: string }) => r.date),
    );
    expect(fractional.size).toBe(3);
    const expected = sessions.map((date) => ({
      date,
      volume: fractional.has(date) ? '1234567.891' : String(provider.get(date)),
    }));
    expect(
      (await storedVolumes(`symbol = 'AAPL' AND timestamp < $1::date`, [SIM_TODAY])).map(
        ({ date, volume }: { date: string; volume: string }) => ({ date, volume }),
      ),
    ).toEqual(expected);
    expect((await servedBars('AAPL', from, to)).map(({ date, volume }) => ({ date, volume }))).toEqual(expected);
  }, 90_000);
});

/** The simulator's unfaulted grouped answer for SIM_TODAY, by ticker. */
async function simGrouped(sim: ProviderSimulator): Promise<Map<string, { v: number }>> {
  const body = (await (
    await fetch(`${sim.url}/v2/aggs/grouped/locale/us/market/stocks/${SIM_TODAY}?adjusted=false&apiKey=${SIM_KEY}`)
  ).json()) as {
    results: { T: string; v: number }[];
  };
  return new Map(body.results.map((r) => [r.T, r]));
}

/** The simulator's unfaulted range volumes, by session date. */
async function simRange(
  sim: ProviderSimulator,
  symbol: string,
  from: string,
  to: string,
): Promise<Map<string, number>> {
  const url = `${sim.url}/v2/aggs/ticker/${symbol}/range/1/day/${from}/${to}?adjusted=false&limit=50000&apiKey=${SIM_KEY}`;
  const body = (await (await fetch(url)).json()) as { results: { t: number; v: number }[] };
  return new Map(body.results.map((r) => [sessionDateOf(new Date(r.t)), r.v]));
}
