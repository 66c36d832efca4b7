import { DynamicModule, Module } from '@nestjs/common';
import { GatewayConfig } from '../gateway.config';
import { AdminController } from './admin.controller';
import { AdminAuthModule } from './auth/admin-auth.module';
import { QueueDashboardModule } from './dashboard/queue-dashboard.module';
import { ServiceForwarder } from './forwarding/service-forwarder';

/** The gateway's admin actions (forwarded to the owning service) and the queue dashboard, behind the admin token. */
@Module({})
export class AdminModule {
  static forRoot(config: GatewayConfig): DynamicModule {
    const auth = AdminAuthModule.forRoot(config);
    return {
      module: AdminModule,
      imports: [auth, QueueDashboardModule.forRoot(config, auth)],
      controllers: [AdminController],
      providers: [{ provide: GatewayConfig, useValue: config }, ServiceForwarder],
    };
  }
}
