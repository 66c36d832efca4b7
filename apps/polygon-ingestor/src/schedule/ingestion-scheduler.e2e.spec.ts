import { SchedulerRegistry } from '@nestjs/schedule';
import { startProviderSimulator, type ProviderSimulator } from '@mdi/testing';
import { SIM_TODAY, startIngestor, type IngestorHarness } from '../test-support/ingestor-harness';

/**
 * Every schedule of the ingestor lives in @nestjs/schedule's registry: the
 * configured crons (an `off` one is not registered) in the exchange's time
 * zone, and the fixed-interval timers; shutting the service down removes them.
 */
describe('ingestor schedules in the SchedulerRegistry', () => {
  let sim: ProviderSimulator;
  let ingestor: IngestorHarness | undefined;
  /** Set once the test has closed the ingestor itself; otherwise afterAll does (a failed expectation). */
  let closed = false;

  beforeAll(async () => {
    sim = await startProviderSimulator({ seed: 5, symbols: 10, today: SIM_TODAY });
    ingestor = await startIngestor(sim, {
      EOD_CRON: '30 16 * * 1-5',
      GAP_REPAIR_CRON: '0 3 * * *',
      CORPORATE_ACTIONS_CRON: 'off',
      REFERENCE_SYNC_CRON: '15 6 * * *',
    });
  }, 60_000);

  afterAll(async () => {
    if (!closed) await ingestor?.close();
    await sim?.stop();
  });

  it('registers the configured crons in America/New_York and the timers, and removes them at shutdown', async () => {
    if (!ingestor) throw new Error('the ingestor did not start');
    const registry = ingestor.app.get(SchedulerRegistry);
    const crons = registry.getCronJobs();
    expect([...crons.keys()].sort()).toEqual(['end-of-day', 'gap-repair', 'reference-sync']);
    const endOfDay = crons.get('end-of-day');
    expect(endOfDay?.isActive).toBe(true);
    const next = endOfDay?.nextDate();
    expect(next?.zoneName).toBe('America/New_York');
    expect([next?.hour, next?.minute]).toEqual([16, 30]);
    expect(registry.getIntervals().sort()).toEqual([
      'backfill-reconciler',
      'metrics-refresh',
      'polygon-provider-alerts',
      'stalled-run-alerts',
    ]);

    closed = true;
    await ingestor.close();
    expect(registry.getCronJobs().size).toBe(0);
    expect(registry.getIntervals()).toEqual([]);
  });
});
