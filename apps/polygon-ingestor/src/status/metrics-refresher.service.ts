import type { AlpacaDataJob, PolygonJob } from '@mdi/domain';
import { MetricsService, withTimeout } from '@mdi/platform';
import { ALPACA_DATA_STACK, POLYGON_STACK, PROVIDER_QUEUES, type ProviderStack } from '@mdi/providers';
import { MarketDataCache, type CacheStats } from '@mdi/storage';
import { Inject, Injectable, Optional, type OnApplicationBootstrap } from '@nestjs/common';
import { Interval } from '@nestjs/schedule';

const REFRESH_MS = 15_000;

/**
 * Gauges that need a look at Redis (queue depth) and counters kept elsewhere
 * (the cache's hit/miss/error totals), brought into the registry on a timer
 * so a /metrics scrape never waits on Redis. The period is fixed, so the
 * timer is declared with @Interval: ScheduleModule registers it in the
 * SchedulerRegistry as 'metrics-refresh' at bootstrap and removes it at
 * shutdown (refresh() never throws; ScheduleModule would log it if it did).
 */
@Injectable()
export class MetricsRefresher implements OnApplicationBootstrap {
  private reported: CacheStats = { hits: 0, misses: 0, errors: 0 };

  constructor(
    private readonly metrics: MetricsService,
    private readonly cache: MarketDataCache,
    @Inject(POLYGON_STACK) private readonly polygon: ProviderStack<PolygonJob>,
    /** Alpaca market data, when a backfill source is alpaca. */
    @Optional() @Inject(ALPACA_DATA_STACK) private readonly alpaca?: ProviderStack<AlpacaDataJob>,
  ) {}

  onApplicationBootstrap(): void {
    this.metrics.circuitState.set({ provider: 'polygon' }, 0);
    void this.refresh();
  }

  @Interval('metrics-refresh', REFRESH_MS)
  async refresh(): Promise<void> {
    const stats = this.cache.stats();
    const misses = stats.misses - stats.errors - (this.reported.misses - this.reported.errors);
    if (stats.hits > this.reported.hits)
      this.metrics.cacheRequests.inc({ result: 'hit' }, stats.hits - this.reported.hits);
    if (misses > 0) this.metrics.cacheRequests.inc({ result: 'miss' }, misses);
    if (stats.errors > this.reported.errors)
      this.metrics.cacheRequests.inc({ result: 'error' }, stats.errors - this.reported.errors);
    this.reported = stats;
    await this.depth(this.polygon, PROVIDER_QUEUES.polygon);
    if (this.alpaca) await this.depth(this.alpaca, PROVIDER_QUEUES.alpacaData);
  }

  private async depth(stack: ProviderStack<PolygonJob> | ProviderStack<AlpacaDataJob>, queue: string): Promise<void> {
    try {
      const counts = await withTimeout(
        stack.queue.bullQueue.getJobCounts('waiting', 'delayed', 'active', 'failed'),
        1000,
        'Redis',
      );
      for (const [state, n] of Object.entries(counts)) this.metrics.queueDepth.set({ queue, state }, n);
    } catch {
      // Redis is down: readiness says so; the gauges keep their last values.
    }
  }
}
