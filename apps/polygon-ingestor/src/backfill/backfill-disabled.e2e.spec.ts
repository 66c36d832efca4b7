import { polygonCalls, SIM_TODAY } from '../test-support/ingestor-harness';
import { useIngestorWithSimulator } from '../test-support/use-ingestor-with-simulator';

describe('ENABLE_HISTORICAL_BACKFILL=false', () => {
  const { sim, ingestor } = useIngestorWithSimulator(
    { seed: 4, symbols: 100, today: SIM_TODAY },
    { ENABLE_HISTORICAL_BACKFILL: 'false' },
  );

  it('refuses backfills with 409, still answers dry runs, skips gap repair, and makes no call', async () => {
    const refused = await ingestor.request('POST', '/backfill', {});
    expect(refused).toMatchObject({
      status: 409,
      body: { message: 'historical backfill is disabled (ENABLE_HISTORICAL_BACKFILL=false)' },
    });
    const plan = await ingestor.request('GET', '/backfill/plan');
    expect(plan.body).toMatchObject({ enabled: false, calls: { total: 100 } });
    expect((await ingestor.request('POST', '/operations/gap-repair')).body).toEqual({ enabled: false, run: null });
    expect((await ingestor.request('GET', '/status')).body.backfill).toMatchObject({ enabled: false, running: 0 });
    expect(await ingestor.scalar('SELECT count(*) FROM data_ingestion.backfill_runs')).toBe(0);
    expect((await polygonCalls(sim)).total).toBe(0);
  });
});
