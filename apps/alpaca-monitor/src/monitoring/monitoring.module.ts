import { ProvidersModule } from '@mdi/providers';
import { Module, type DynamicModule } from '@nestjs/common';
import { ScheduleModule } from '@nestjs/schedule';
import type { AlpacaMonitorConfig } from '../app/alpaca-monitor.config';
import { AccountPollHandler } from './account-poll.handler';
import { FillPollHandler } from './fill-poll.handler';
import { MonitorHandlersService } from './monitor-handlers.service';
import { MonitorSchedulerService } from './monitor-scheduler.service';
import { OrderPollHandler } from './order-poll.handler';

/**
 * The polling side: the shared Alpaca queue (ProvidersModule), the job
 * handlers and the scheduler. Imported only when ENABLE_REALTIME_TRADING is
 * true, so "false" means no queue, no worker, no timer and no Alpaca call.
 */
@Module({})
export class MonitoringModule {
  static forRoot(config: AlpacaMonitorConfig): DynamicModule {
    const alpaca = ProvidersModule.forAlpaca({
      keyId: config.ALPACA_API_KEY,
      secret: config.ALPACA_SECRET_KEY,
      baseUrl: config.ALPACA_BASE_URL,
      allowLive: config.ALPACA_ALLOW_LIVE,
      redisUrl: config.REDIS_URL,
      queuePrefix: config.QUEUE_PREFIX,
      rateLimitPerMinute: config.ALPACA_RATE_LIMIT_PER_MINUTE,
      rateWindowMs: config.ALPACA_RATE_WINDOW_MS,
      maxRetries: config.DATA_INGESTION_MAX_RETRIES,
      retryBaseDelayMs: config.ALPACA_RETRY_BASE_DELAY_MS,
      breaker: { halfOpenAfterMs: config.ALPACA_CIRCUIT_HALF_OPEN_SECONDS * 1000 },
      workerLockMs: config.PROVIDER_WORKER_LOCK_MS,
      workerStalledIntervalMs: config.PROVIDER_WORKER_STALLED_INTERVAL_MS,
      alertAfterMs: config.ALERT_AFTER_MS,
    });
    return {
      module: MonitoringModule,
      imports: [ScheduleModule.forRoot(), alpaca],
      providers: [
        AccountPollHandler,
        OrderPollHandler,
        FillPollHandler,
        MonitorHandlersService,
        MonitorSchedulerService,
      ],
      // /status reads the circuit and the queue of the stack.
      exports: [alpaca],
    };
  }
}
