import { BullMQAdapter } from '@bull-board/api/bullMQAdapter';
import { BullBoardModule } from '@bull-board/nestjs';
import { DynamicModule, Module } from '@nestjs/common';
import type { GatewayConfig } from '../../gateway.config';
import { AdminAccess } from '../auth/admin-access';
import { dashboardAccess } from './dashboard-access.middleware';
import { DashboardQueues } from './dashboard-queues.provider';
import { openDashboardQueues } from './dashboard-queues';
import { SelfHostedExpressAdapter } from './self-hosted-express.adapter';

export const QUEUE_DASHBOARD_ROUTE = '/admin/queues';

/**
 * @bull-board at /admin/queues over the services' queues, read-only (no
 * retry, remove, pause or clean: a job's outcome is bookkept by the services'
 * runs and ledger, which a job changed behind their back would contradict).
 */
@Module({})
export class QueueDashboardModule {
  static forRoot(config: GatewayConfig, auth: DynamicModule): DynamicModule {
    const queues = openDashboardQueues(config.REDIS_URL, config.QUEUE_PREFIX);
    return {
      module: QueueDashboardModule,
      imports: [
        BullBoardModule.forRootAsync({
          imports: [auth],
          inject: [AdminAccess],
          useFactory: (access: AdminAccess) => ({
            route: QUEUE_DASHBOARD_ROUTE,
            adapter: SelfHostedExpressAdapter,
            middleware: dashboardAccess(access, () => config.GATEWAY_ADMIN_TOKEN),
            boardOptions: { uiConfig: { boardTitle: 'Market-data queues' } },
          }),
        }),
        BullBoardModule.forFeature(
          ...queues.map((queue) => ({ queue, adapter: BullMQAdapter, options: { readOnlyMode: true } })),
        ),
      ],
      providers: [{ provide: DashboardQueues, useFactory: () => new DashboardQueues(queues) }],
    };
  }
}
