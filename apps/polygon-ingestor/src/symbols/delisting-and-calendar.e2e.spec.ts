import { eventually, startProviderSimulator, type ProviderSimulator } from '@mdi/testing';
import { polygonCalls, SIM_TODAY, startIngestor, type IngestorHarness } from '../test-support/ingestor-harness';

interface SimUniverse {
  delisted: { ticker: string; lastSession: string }[];
}

/** Delisted tickers stop costing calls; holidays and unfinished early closes make no call. */
describe('delisting detection and the trading calendar', () => {
  let sim: ProviderSimulator;
  let ingestor: IngestorHarness;
  let recent: string;
  let older: string;

  const symbolStatus = async (symbol: string) => (await ingestor.request('GET', `/symbols/${symbol}`)).body.status;
  const at = async (iso: string) => {
    ingestor.clock.set(new Date(iso));
    await sim.configure({ now: iso });
  };

  beforeAll(async () => {
    sim = await startProviderSimulator({
      seed: 3,
      symbols: 100,
      today: SIM_TODAY,
      polygonRateLimit: 5,
      rateWindowMs: 1000,
    });
    const universe = (await (await fetch(`${sim.url}/__sim/universe`)).json()) as SimUniverse;
    const byAge = [...universe.delisted].sort((a, b) => b.lastSession.localeCompare(a.lastSession));
    recent = byAge[0].ticker;
    older = byAge[1].ticker;
    ingestor = await startIngestor(sim, {
      SEED_INITIAL_SYMBOLS: 'false',
      DATA_INGESTION_ACTIVE_SYMBOLS: ['AAPL', 'MSFT', recent, older].join(','),
      EOD_CATCHUP_SESSIONS: '1',
    });
  }, 60_000);

  afterAll(async () => {
    await ingestor?.close();
    await sim?.stop();
  });

  it('suspects a symbol after trailing sessions without bars, and delists it when Polygon confirms, with its date and last price', async () => {
    const started = await ingestor.request('POST', '/backfill', { symbols: ['AAPL', 'MSFT', recent] });
    expect(started.body.run.calls.planned).toBe(3);
    await eventually(
      async () => (await ingestor.request('GET', `/backfill/runs/${started.body.run.id}`)).body.status === 'done',
      'the backfill',
      60_000,
    );
    // The range answer raised the suspicion; the ticker-details call that settles it runs after the run's last call.
    await eventually(async () => (await symbolStatus(recent)) === 'delisted', `${recent} to be delisted`, 30_000);
    const universe = (await (await fetch(`${sim.url}/__sim/universe`)).json()) as SimUniverse;
    const lastSession = universe.delisted.find((d) => d.ticker === recent)?.lastSession as string;
    const [row] = await ingestor.db.dataSource.query(
      `SELECT delist_date::text AS delist_date, last_price::text AS last_price, notes FROM data_ingestion.delisted_symbols WHERE symbol = $1`,
      [recent],
    );
    const [bar] = await ingestor.db.dataSource.query(
      `SELECT round(close, 2)::text AS close, (timestamp AT TIME ZONE 'America/New_York')::date::text AS date
         FROM data_ingestion.market_data WHERE symbol = $1 ORDER BY timestamp DESC LIMIT 1`,
      [recent],
    );
    expect(bar.date).toBe(lastSession);
    expect(row.delist_date > lastSession).toBe(true);
    expect(row.last_price).toBe(bar.close);
    expect(row.notes).toMatch(/^confirmed by Polygon reference data \(active=false\) after no bar through /);
    // The verdict cost one reference call, for the suspected symbol only.
    expect((await polygonCalls(sim)).byEndpoint).toMatchObject({
      'polygon.aggs.range': 3,
      'polygon.ticker-details': 1,
    });
  }, 90_000);

  it('marks a symbol delisted from the reference listing without any bar call', async () => {
    await sim.reset();
    const sync = await ingestor.request('POST', '/operations/reference-sync');
    expect(sync.status).toBe(202);
    await eventually(async () => (await symbolStatus(older)) === 'delisted', `${older} to be delisted`, 30_000);
    const calls = await polygonCalls(sim);
    expect(calls.range + calls.grouped).toBe(0);
    expect(calls.byEndpoint['polygon.tickers']).toBeGreaterThanOrEqual(1);
  }, 60_000);

  it('spends no more calls on delisted symbols and reactivates a symbol that trades again', async () => {
    await eventually(
      async () => (await ingestor.request('GET', '/status')).body.queue?.waiting === 0,
      'the queue to drain',
    );
    const plan = await ingestor.request('GET', '/backfill/plan');
    expect(plan.body).toMatchObject({ symbols: 2, calls: { total: 0 } });
    const refused = await ingestor.request('POST', '/backfill', { symbols: [recent] });
    expect(refused.status).toBe(400);
    expect(refused.body.reasons).toEqual([
      `${recent} is not an active symbol of the universe (add or activate it first)`,
    ]);

    // MSFT "delisted" by mistake: it shows up in the next grouped answer and comes back.
    await ingestor.db.dataSource.query(`UPDATE data_ingestion.symbols SET status = 'delisted' WHERE symbol = 'MSFT'`);
    await sim.reset();
    await at('2025-11-26T01:00:00Z'); // 2025-11-25 20:00 ET
    const tick = await ingestor.request('POST', '/operations/end-of-day');
    expect(tick.body.enqueued).toEqual([{ date: '2025-11-25', jobId: 'grouped-daily|2025-11-25', status: 'added' }]);
    await eventually(async () => (await symbolStatus('MSFT')) === 'active', 'MSFT to be reactivated', 30_000);
    // The reactivation and the ledger rows are written one after the other: wait for the job to finish.
    const ledger = await eventually(
      async () => {
        const rows = await ingestor.db.dataSource.query(
          `SELECT symbol, status FROM data_ingestion.symbol_data_status WHERE date = '2025-11-25' ORDER BY symbol`,
        );
        return rows.length >= 2 ? rows : null;
      },
      'the ledger rows of 2025-11-25',
      30_000,
    );
    expect(ledger).toEqual([
      { symbol: 'AAPL', status: 'success' },
      { symbol: 'MSFT', status: 'success' },
    ]);
    expect(await polygonCalls(sim)).toMatchObject({ total: 1, grouped: 1 });
  }, 60_000);

  it('makes no call on a holiday, and waits for an early close to be published', async () => {
    await at('2025-11-27T01:00:00Z'); // 2025-11-26 20:00 ET
    await ingestor.request('POST', '/operations/end-of-day');
    await eventually(
      async () =>
        (await ingestor.scalar(`SELECT count(*) FROM data_ingestion.symbol_data_status WHERE date = '2025-11-26'`)) ===
        2,
      '2025-11-26 settled',
    );
    await sim.reset();

    await at('2025-11-28T01:00:00Z'); // Thanksgiving 2025-11-27, 20:00 ET
    expect((await ingestor.request('POST', '/operations/end-of-day')).body).toEqual({
      lastSession: '2025-11-26',
      enqueued: [],
    });
    await at('2025-11-28T18:05:00Z'); // Friday 13:05 ET: the 13:00 early close, not yet published (20 min delay)
    expect((await ingestor.request('POST', '/operations/end-of-day')).body.enqueued).toEqual([]);
    await at('2025-11-29T17:00:00Z'); // Saturday
    expect((await ingestor.request('POST', '/operations/end-of-day')).body.lastSession).toBe('2025-11-28');
    await new Promise((r) => setTimeout(r, 500));
    const calls = await polygonCalls(sim);
    // Only the early-close Friday (published by Saturday) was fetched.
    expect(calls).toMatchObject({ total: 1, grouped: 1 });
  }, 60_000);
});
