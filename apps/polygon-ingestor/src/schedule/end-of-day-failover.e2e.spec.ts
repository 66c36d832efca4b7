import { eventually } from '@mdi/testing';
import { SIM_TODAY } from '../test-support/ingestor-harness';
import { useIngestorWithSimulator } from '../test-support/use-ingestor-with-simulator';

/**
 * A Polygon outage at end of day: the session comes from Alpaca (its own
 * series), and Polygon's bar of the same cells once Polygon is back.
 */
describe('end-of-day failover to Alpaca during a Polygon outage', () => {
  const { sim, ingestor } = useIngestorWithSimulator(
    { seed: 7, symbols: 100, today: SIM_TODAY, polygonRateLimit: 0, alpacaRateLimit: 0, rateWindowMs: 1000 },
    {
      BACKFILL_SECONDARY_SOURCE: 'alpaca',
      ALPACA_API_KEY: 'sim-alpaca-key',
      ALPACA_SECRET_KEY: 'sim-alpaca-secret',
      ALPACA_RATE_WINDOW_MS: '1000',
      EOD_CATCHUP_SESSIONS: '1',
      EOD_FAILOVER_AFTER_MS: '60000',
      DATA_INGESTION_MAX_RETRIES: '0',
    },
  );
  const bars = (source: string) =>
    ingestor.scalar(
      `SELECT count(*) FROM data_ingestion.market_data WHERE source = $1
          AND timestamp = ($2::date::timestamp AT TIME ZONE 'America/New_York')`,
      [source, SIM_TODAY],
    );
  const settled = (source: string) =>
    ingestor.scalar(
      `SELECT count(*) FROM data_ingestion.symbol_data_status WHERE data_source = $1 AND date = $2 AND status = 'success'`,
      [source, SIM_TODAY],
    );

  it('takes the overdue session from Alpaca while Polygon fails, then Polygon fills the same cells when it is back', async () => {
    await sim.reset();
    await sim.faults([{ kind: 'http-error', provider: 'polygon', status: 503, body: 'json' }]);

    // First tick: Polygon is asked; no failover before Polygon has had its chance.
    const first = await ingestor.request('POST', '/operations/end-of-day');
    expect(first.status).toBe(202);
    expect(first.body.enqueued).toEqual([
      expect.objectContaining({ date: SIM_TODAY, jobId: `grouped-daily|${SIM_TODAY}` }),
    ]);
    expect(first.body.failover).toBeUndefined();
    await eventually(
      async () => (await sim.stats()).sinceReset.byEndpoint['polygon.aggs.grouped'] >= 1,
      'a Polygon call',
    );

    // The session was published hours ago (the clock is 20:00 New York) and Polygon has not settled it.
    const second = await ingestor.request('POST', '/operations/end-of-day');
    expect(second.body.failover).toEqual([
      expect.objectContaining({ date: SIM_TODAY, jobId: expect.stringMatching(/^stock-bars\|/), status: 'added' }),
    ]);
    await eventually(async () => (await settled('alpaca')) === 100, 'the session from Alpaca');
    expect(await bars('alpaca')).toBe(100);
    expect(await bars('polygon')).toBe(0);
    expect((await sim.stats()).sinceReset.byEndpoint['alpaca.bars']).toBe(1);

    // Polygon is back: the next tick asks it again, and its bar of the same cells is stored beside Alpaca's.
    await sim.clearFaults();
    const third = await ingestor.request('POST', '/operations/end-of-day');
    // Alpaca has the session already: no second Alpaca call.
    expect(third.body.failover).toBeUndefined();
    await eventually(async () => (await settled('polygon')) === 100, "Polygon's bars of the session", 30_000);
    expect(await bars('polygon')).toBe(100);
    expect(await bars('alpaca')).toBe(100);
    // Settled by Polygon: no further failover.
    expect((await ingestor.request('POST', '/operations/end-of-day')).body).toEqual(
      expect.objectContaining({ enqueued: [] }),
    );
  }, 90_000);
});
