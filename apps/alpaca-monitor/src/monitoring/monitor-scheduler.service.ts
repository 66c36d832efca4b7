import type { AlpacaJob } from '@mdi/domain';
import { ALPACA_STACK, type ProviderCall, type ProviderStack } from '@mdi/providers';
import { registerInterval } from '@mdi/platform';
import { MonitorWatermarkRepository } from '@mdi/storage';
import { Inject, Injectable, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { SchedulerRegistry } from '@nestjs/schedule';
import { PinoLogger } from 'nestjs-pino';
import { AlpacaMonitorConfig } from '../app/alpaca-monitor.config';
import { WatermarkName, type MonitorLane } from './monitor-lanes';
import { slotWindow } from './poll-slot';

const PENDING_STATES = new Set(['waiting', 'delayed', 'active', 'prioritized', 'waiting-children']);
const TIMER = 'alpaca-monitor-poll';

/**
 * Fires on every replica every ALPACA_UPDATE_INTERVAL seconds and only
 * enqueues: each lane's job id carries the slot, so N replicas give one job
 * per lane and slot, and whichever worker takes it makes the call. A lane
 * whose previous job is still pending (an outage, a 429 pause) gets no new
 * one: the pending job reads the current state anyway when it runs.
 */
@Injectable()
export class MonitorSchedulerService implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly lastJob = new Map<MonitorLane, string>();
  private ticking = false;
  private disposeTimer?: () => void;

  constructor(
    @Inject(ALPACA_STACK) private readonly stack: ProviderStack<AlpacaJob>,
    private readonly watermarks: MonitorWatermarkRepository,
    private readonly config: AlpacaMonitorConfig,
    private readonly scheduler: SchedulerRegistry,
    private readonly logger: PinoLogger,
  ) {
    logger.setContext('MonitorScheduler');
  }

  onApplicationBootstrap(): void {
    this.disposeTimer = registerInterval(
      this.scheduler,
      TIMER,
      this.config.ALPACA_UPDATE_INTERVAL * 1000,
      () => this.tick(),
      this.logger,
    );
    void this.tick();
  }

  onApplicationShutdown(): void {
    this.disposeTimer?.();
  }

  /** Enqueues the current slot's jobs; never throws (a failed tick is retried by the next one). */
  async tick(now = new Date()): Promise<void> {
    if (this.ticking) return;
    this.ticking = true;
    try {
      const window = slotWindow(now, this.config.ALPACA_UPDATE_INTERVAL);
      const [ordersAfter, fillsAfter] = await Promise.all([
        this.watermarks.get(WatermarkName.orders),
        this.watermarks.get(WatermarkName.fills),
      ]);
      const calls: [MonitorLane, AlpacaJob][] = [
        ['account', { kind: 'account' }],
        ['positions', { kind: 'positions' }],
        ['open-orders', { kind: 'orders', status: 'open' }],
        ['orders', { kind: 'orders', status: 'all', ...(ordersAfter === null ? {} : { after: ordersAfter }) }],
        ['fills', { kind: 'fills', ...(fillsAfter === null ? {} : { pageToken: fillsAfter }) }],
      ];
      for (const [lane, job] of calls) await this.enqueue(lane, { job, window });
    } catch (error) {
      this.logger.warn(
        { provider: 'alpaca', error: (error as Error).message },
        'poll slot not enqueued; the next tick retries',
      );
    } finally {
      this.ticking = false;
    }
  }

  private async enqueue(lane: MonitorLane, call: ProviderCall<AlpacaJob>): Promise<void> {
    const previous = this.lastJob.get(lane);
    if (previous !== undefined) {
      const state = await (await this.stack.queue.bullQueue.getJob(previous))?.getState();
      if (state !== undefined && PENDING_STATES.has(state)) return;
    }
    const { jobId } = await this.stack.queue.enqueue(call);
    this.lastJob.set(lane, jobId);
  }
}
