import type { OnModuleDestroy } from '@nestjs/common';
import type { Queue } from 'bullmq';

/** Closes the dashboard's queue handles with the application. */
export class DashboardQueues implements OnModuleDestroy {
  constructor(readonly queues: readonly Queue[]) {}

  async onModuleDestroy(): Promise<void> {
    await Promise.all(this.queues.map((queue) => queue.close()));
  }
}
