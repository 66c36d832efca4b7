import { lateBound, startProviderSimulator, type ProviderSimulator } from '@mdi/testing';
import {
  polygonCalls,
  runEnded,
  SIM_TODAY,
  startIngestor,
  type IngestorHarness,
} from '../test-support/ingestor-harness';

const ALPACA = {
  ALPACA_API_KEY: 'sim-alpaca-key',
  ALPACA_SECRET_KEY: 'sim-alpaca-secret',
  ALPACA_RATE_LIMIT_PER_MINUTE: '10',
  ALPACA_RATE_WINDOW_MS: '1000',
};

interface Planted {
  kind: 'wrong-close' | 'missing-session' | 'volume-factor';
  symbol: string;
  date: string;
  polygon: { c: number; v: number };
  alpaca: { c: number; v: number } | null;
}

/** The simulator's planted Alpaca-vs-Polygon differences (GET /__sim/alpaca/disagreements). */
async function plantedDisagreements(sim: ProviderSimulator): Promise<Planted[]> {
  const body = (await (await fetch(`${sim.url}/__sim/alpaca/disagreements`)).json()) as { disagreements: Planted[] };
  return body.disagreements;
}

/**
 * History from Alpaca, confirmed by Polygon: 100 symbols x 2 years through
 * the real queues, against the simulator over HTTP, with real PostgreSQL and
 * Redis. One database, three ingestor configurations in turn.
 */
describe('backfill from Alpaca (HISTORICAL_DATA_SOURCE=alpaca), confirmed by Polygon', () => {
  const simulator = lateBound<ProviderSimulator>('the simulator');
  let sim: ProviderSimulator;
  let first: IngestorHarness;
  let sessions: number;

  async function runToTheEnd(ingestor: IngestorHarness): Promise<{ body: Record<string, unknown>; runId: number }> {
    const started = await ingestor.request('POST', '/backfill', {});
    expect(started.status).toBe(202);
    const runId = started.body.run.id;
    const done = await runEnded(ingestor, runId);
    expect(done.status).toBe('done');
    return { body: done, runId };
  }

  const count = (source: string) =>
    first.scalar(`SELECT count(*) FROM data_ingestion.market_data WHERE source = $1`, [source]);
  const ledger = (source: string, status: string) =>
    first.scalar(`SELECT count(*) FROM data_ingestion.symbol_data_status WHERE data_source = $1 AND status = $2`, [
      source,
      status,
    ]);

  beforeAll(async () => {
    simulator.set(
      await startProviderSimulator({
        seed: 7,
        symbols: 100,
        today: SIM_TODAY,
        polygonRateLimit: 25,
        alpacaRateLimit: 11,
        rateWindowMs: 1000,
      }),
    );
    sim = simulator.proxy;
    first = await startIngestor(sim, { ...ALPACA, HISTORICAL_DATA_SOURCE: 'alpaca' });
    await sim.reset();
  }, 60_000);
  afterAll(async () => {
    await first?.close();
    await simulator.current?.stop();
  });

  it('plans 100 symbols x 2 years from Alpaca in a handful of calls, with the source, calls and ETA per source', async () => {
    const { status, body } = await first.request('GET', '/backfill/plan');
    expect(status).toBe(200);
    sessions = body.sessions;
    const calls = Math.ceil(100 / Math.floor(10_000 / sessions));
    expect(calls).toBeLessThanOrEqual(6);
    expect(body).toMatchObject({
      symbols: 100,
      primarySource: 'alpaca',
      secondarySource: 'none',
      missingCells: 100 * sessions,
      calls: { total: calls, groupedDaily: 0, aggregatesRange: 0, stockBars: calls },
      sources: [
        {
          source: 'alpaca',
          role: 'fill',
          cells: 100 * sessions,
          calls,
          pages: calls,
          budget: { calls: 10, windowMs: 1000 },
          estimatedSeconds: calls / 10,
        },
      ],
    });
    expect(
      body.jobs.every((j: { kind: string; source: string }) => j.kind === 'stock-bars' && j.source === 'alpaca'),
    ).toBe(true);
    const ingestorStatus = (await first.request('GET', '/status')).body;
    expect(ingestorStatus.backfillSources).toEqual({
      primary: 'alpaca',
      secondary: 'none',
      alpaca: { queue: expect.objectContaining({ waiting: 0 }), paused: null, circuit: 'closed' },
    });
    expect((await first.request('GET', '/metrics')).body).toContain('mdi_queue_depth{queue="alpaca-data-calls"');
  });

  it('fills every cell from Alpaca in that many calls: rows with source alpaca, its own ledger, no Polygon call', async () => {
    const { body } = await runToTheEnd(first);
    expect(body).toMatchObject({ percent: 100 });
    const stats = (await sim.stats()).sinceReset;
    expect(stats.byEndpoint['alpaca.bars']).toBe(Math.ceil(100 / Math.floor(10_000 / sessions)));
    expect(stats.rateLimited).toBe(0);
    expect((await polygonCalls(sim)).total).toBe(0);

    const planted = await plantedDisagreements(sim);
    // Every cell settled in Alpaca's ledger; the planted missing session is the one no_data cell.
    expect(await ledger('alpaca', 'success')).toBe(100 * sessions - 1);
    expect(await ledger('alpaca', 'no_data')).toBe(1);
    expect(await ledger('alpaca', 'failed')).toBe(0);
    expect(await count('alpaca')).toBe(100 * sessions - 1);
    expect(await count('polygon')).toBe(0);
    // Alpaca is a source the ingestor can do without: its circuit is no readiness check.
    const ready = await first.request('GET', '/health/ready');
    expect(ready.status).toBe(200);
    expect(JSON.stringify(ready.body)).toContain('polygon');
    expect(JSON.stringify(ready.body)).not.toContain('alpaca');
    expect((await first.request('GET', '/metrics')).body).toContain(
      `mdi_bars_ingested_total{source="alpaca",outcome="inserted"} ${100 * sessions - 1}`,
    );
    const missing = planted.find((p) => p.kind === 'missing-session') as Planted;
    expect(
      await first.scalar(
        `SELECT count(*) FROM data_ingestion.symbol_data_status WHERE data_source = 'alpaca' AND symbol = $1 AND date = $2 AND status = 'no_data'`,
        [missing.symbol, missing.date],
      ),
    ).toBe(1);
    const close = planted.find((p) => p.kind === 'wrong-close') as Planted;
    expect(
      await first.scalar(
        `SELECT close FROM data_ingestion.market_data WHERE source = 'alpaca' AND symbol = $1
           AND timestamp = ($2::date::timestamp AT TIME ZONE 'America/New_York')`,
        [close.symbol, close.date],
      ),
    ).toBe(close.alpaca?.c);
  }, 120_000);

  it('fetches nothing again, from Alpaca or from Polygon as primary without a secondary', async () => {
    await sim.reset();
    expect((await first.request('GET', '/backfill/plan')).body.calls.total).toBe(0);
    const polygonPrimary = await startIngestor(sim, {}, first.db);
    try {
      const plan = (await polygonPrimary.request('GET', '/backfill/plan')).body;
      expect(plan).toMatchObject({ primarySource: 'polygon', missingCells: 0, calls: { total: 0 } });
      expect((await polygonCalls(sim)).total).toBe(0);
    } finally {
      await polygonPrimary.close();
    }
  }, 60_000);

  it('with BACKFILL_SECONDARY_SOURCE=polygon, Polygon confirms the same cells: both series, the planted differences between them', async () => {
    await sim.reset();
    const confirming = await startIngestor(
      sim,
      {
        ...ALPACA,
        HISTORICAL_DATA_SOURCE: 'alpaca',
        BACKFILL_SECONDARY_SOURCE: 'polygon',
        POLYGON_RATE_LIMIT_PER_MINUTE: '20',
      },
      first.db,
    );
    try {
      const plan = (await confirming.request('GET', '/backfill/plan')).body;
      expect(plan.sources).toEqual([
        expect.objectContaining({ source: 'alpaca', role: 'fill', cells: 0, calls: 0 }),
        expect.objectContaining({ source: 'polygon', role: 'confirm', cells: 100 * sessions, calls: 100 }),
      ]);
      expect(plan.estimatedSeconds).toBe(100 / 20);
      await runToTheEnd(confirming);
      const calls = await polygonCalls(sim);
      expect([calls.range, calls.rateLimited]).toEqual([100, 0]);
      expect((await sim.stats()).sinceReset.byEndpoint['alpaca.bars']).toBeUndefined();
      expect(await ledger('polygon', 'success')).toBe(100 * sessions);
      expect(await count('polygon')).toBe(100 * sessions);
      // The two series differ exactly where the simulator planted it.
      const differing = await confirming.db.dataSource.query(
        `SELECT p.symbol, (p.timestamp AT TIME ZONE 'America/New_York')::date::text AS date
           FROM data_ingestion.market_data p
           LEFT JOIN data_ingestion.market_data a
             ON a.symbol = p.symbol AND a.timestamp = p.timestamp AND a.source = 'alpaca'
          WHERE p.source = 'polygon'
            AND (a.id IS NULL OR (a.open, a.high, a.low, a.close, a.volume) IS DISTINCT FROM (p.open, p.high, p.low, p.close, p.volume))
          ORDER BY 1, 2`,
      );
      const planted = await plantedDisagreements(sim);
      expect(differing).toEqual(
        planted.map((p) => ({ symbol: p.symbol, date: p.date })).sort((a, b) => a.symbol.localeCompare(b.symbol)),
      );
      // Confirmed: nothing is planned again from either source.
      expect((await confirming.request('GET', '/backfill/plan')).body.calls.total).toBe(0);
    } finally {
      await confirming.close();
    }
  }, 120_000);
});
