import type { Fill } from '@mdi/domain';
import type { ProviderPage } from '@mdi/providers';
import { FillRepository, MonitorWatermarkRepository, OrderRepository } from '@mdi/storage';
import { Injectable } from '@nestjs/common';
import { PinoLogger } from 'nestjs-pino';
import { VISIBILITY_LAG_MS, WatermarkName } from './monitor-lanes';
import { PollRecorder } from './poll-recorder';
import { RecentRejections } from './recent-rejections';
import { nextFillsWatermark } from './watermarks';

/**
 * alpaca_order_monitoring, executions part: FILL activities after the fills
 * watermark (an activity id), one page per job. The fill's activity id is the
 * primary key, so a fill seen by two replicas, a retry or a re-read page is
 * written once, and only the call that wrote it does the follow-up work.
 */
@Injectable()
export class FillPollHandler {
  constructor(
    private readonly fills: FillRepository,
    private readonly orders: OrderRepository,
    private readonly watermarks: MonitorWatermarkRepository,
    private readonly polls: PollRecorder,
    private readonly rejections: RecentRejections,
    private readonly logger: PinoLogger,
  ) {
    logger.setContext('FillMonitor');
  }

  async page(result: ProviderPage<Fill>, now = new Date()) {
    this.rejections.add('fills', result.rejected);
    const added = await this.fills.insertNew(result.items);
    // A partial fill and the fill that completes it each carry the order's status at that moment.
    await this.orders.recordStatuses(
      added.map((f) => ({ orderId: f.orderId, status: f.orderStatus, at: f.transactionTime })),
    );
    for (const fill of added) {
      this.logger.info(
        {
          provider: 'alpaca',
          fill_id: fill.id,
          order_id: fill.orderId,
          symbol: fill.symbol,
          side: fill.side,
          type: fill.type,
          qty: fill.qty,
          price: fill.price,
          leaves_qty: fill.leavesQty,
        },
        'fill recorded',
      );
    }
    const watermark = nextFillsWatermark(result.items, result.rejected, now, VISIBILITY_LAG_MS);
    if (watermark !== null) await this.watermarks.advance(WatermarkName.fills, watermark);
    await this.polls.succeeded('fills', now);
    return { received: result.items.length, added: added.length, rejected: result.rejected.length, watermark };
  }
}
