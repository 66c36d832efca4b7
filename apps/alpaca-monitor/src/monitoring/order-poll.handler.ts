import type { Order, OrdersJob } from '@mdi/domain';
import type { ProviderPage } from '@mdi/providers';
import { MonitorWatermarkRepository, OrderRepository } from '@mdi/storage';
import { Injectable } from '@nestjs/common';
import { PinoLogger } from 'nestjs-pino';
import { FINAL_ORDER_STATUSES, VISIBILITY_LAG_MS, WatermarkName } from './monitor-lanes';
import { PollRecorder } from './poll-recorder';
import { RecentRejections } from './recent-rejections';
import { nextOrdersWatermark } from './watermarks';

/**
 * alpaca_order_monitoring, orders part: open orders, and every order
 * submitted after the orders watermark (status=all, ascending by submission,
 * paged by moving `after`), so a change to an older order that was still open
 * is seen too. Each page moves the watermark as far as it safely can.
 */
@Injectable()
export class OrderPollHandler {
  constructor(
    private readonly orders: OrderRepository,
    private readonly watermarks: MonitorWatermarkRepository,
    private readonly polls: PollRecorder,
    private readonly rejections: RecentRejections,
    private readonly logger: PinoLogger,
  ) {
    logger.setContext('OrderMonitor');
  }

  async page(result: ProviderPage<Order>, job: OrdersJob, now = new Date()) {
    const lane = job.status === 'open' ? 'open-orders' : 'orders';
    this.rejections.add(lane, result.rejected);
    const { written, statusChanges } = await this.orders.upsert(result.items);
    let watermark: string | null = null;
    if (job.status === 'all') {
      const oldestOpen = await this.orders.oldestSubmittedNotIn(FINAL_ORDER_STATUSES);
      watermark = nextOrdersWatermark(result.items, result.rejected, oldestOpen, now, VISIBILITY_LAG_MS);
      if (watermark !== null) await this.watermarks.advance(WatermarkName.orders, watermark);
    }
    await this.polls.succeeded(lane, now);
    this.logger.info(
      {
        provider: 'alpaca',
        lane,
        after: job.after ?? null,
        data_points: result.items.length,
        written,
        status_changes: statusChanges,
        rejected: result.rejected.length,
        watermark,
        success: true,
      },
      'orders stored',
    );
    return { written, statusChanges, rejected: result.rejected.length, watermark };
  }
}
