import type { AlpacaJob } from '@mdi/domain';
import { processInfo, withTimeout } from '@mdi/platform';
import { ALPACA_STACK, type ProviderStack } from '@mdi/providers';
import { MarketDataCache, MonitorWatermarkRepository } from '@mdi/storage';
import { Inject, Injectable, Optional } from '@nestjs/common';
import { AlpacaMonitorConfig, staleAfterSeconds } from '../app/alpaca-monitor.config';
import { SERVICE_NAME } from '../app/service-name';
import { tradingModeOf } from '../app/trading-mode';
import { MONITOR_LANES, WatermarkName } from '../monitoring/monitor-lanes';
import { PollRecorder, type LastSuccesses } from '../monitoring/poll-recorder';
import { RecentRejections } from '../monitoring/recent-rejections';

/**
 * GET /status. Poll times and cursors come from PostgreSQL and the call
 * headroom from Redis, so every replica tells the same story; the circuit
 * and the rejections are this process's own.
 */
@Injectable()
export class MonitorStatusService {
  constructor(
    private readonly config: AlpacaMonitorConfig,
    private readonly polls: PollRecorder,
    private readonly watermarks: MonitorWatermarkRepository,
    private readonly cache: MarketDataCache,
    private readonly rejections: RecentRejections,
    @Optional() @Inject(ALPACA_STACK) private readonly stack?: ProviderStack<AlpacaJob>,
  ) {}

  async status(now = new Date()) {
    const staleAfter = staleAfterSeconds(this.config);
    // /status must answer while PostgreSQL or Redis is down: each part gives up after a second.
    const [stored, ordersMark, fillsMark, rateLimit, queue] = await Promise.all([
      orNull(this.polls.lastSuccesses()),
      orNull(this.watermarks.get(WatermarkName.orders)),
      orNull(this.watermarks.get(WatermarkName.fills)),
      this.cache.getRateLimit('alpaca'),
      this.stack ? orNull(this.stack.queue.bullQueue.getJobCounts('waiting', 'active', 'delayed', 'failed')) : null,
    ]);
    const last = stored ?? (Object.fromEntries(MONITOR_LANES.map((lane) => [lane, null])) as LastSuccesses);
    const ages = MONITOR_LANES.map(
      (lane) => [lane, last[lane] ? (now.getTime() - last[lane].getTime()) / 1000 : null] as const,
    );
    const staleLanes = ages.filter(([, age]) => age === null || age > staleAfter).map(([lane]) => lane);
    const times = MONITOR_LANES.map((lane) => last[lane]).filter((d): d is Date => d !== null);
    return {
      service: SERVICE_NAME,
      ...processInfo(),
      trading: tradingModeOf(this.config.ALPACA_BASE_URL),
      monitoring: this.stack ? 'enabled' : 'disabled',
      intervalSeconds: this.config.ALPACA_UPDATE_INTERVAL,
      lastSuccessfulPoll:
        times.length === 0 ? null : new Date(Math.max(...times.map((d) => d.getTime()))).toISOString(),
      lanes: Object.fromEntries(
        ages.map(([lane, age]) => [lane, { lastSuccess: last[lane]?.toISOString() ?? null, ageSeconds: age }]),
      ),
      stale: staleLanes.length > 0,
      staleAfterSeconds: staleAfter,
      staleLanes,
      watermarks: { ordersSubmittedAfter: ordersMark, fillsAfterId: fillsMark },
      calls: {
        budgetPerWindow: this.config.ALPACA_RATE_LIMIT_PER_MINUTE,
        windowMs: this.config.ALPACA_RATE_WINDOW_MS,
        // As Alpaca counted them (every replica, one key) on the latest call any replica made.
        usedInCurrentWindow: rateLimit ? rateLimit.limit - rateLimit.remaining : null,
        providerLimit: rateLimit?.limit ?? null,
        remaining: rateLimit?.remaining ?? null,
        windowResetsAt: rateLimit?.resetAt.toISOString() ?? null,
      },
      circuit: this.stack
        ? { state: this.stack.breaker.circuitState(), retryInMs: this.stack.breaker.retryInMs() }
        : null,
      queue,
      rejections: this.rejections.summary(),
    };
  }
}

function orNull<T>(work: Promise<T>): Promise<T | null> {
  return withTimeout(work, 1000, 'status source').catch(() => null);
}
