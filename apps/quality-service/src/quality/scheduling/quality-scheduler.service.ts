import { Injectable, type OnApplicationBootstrap, type OnModuleDestroy } from '@nestjs/common';
import { PinoLogger } from 'nestjs-pino';
import { QualityServiceConfig } from '../../app/quality-service.config';
import { QualityRunService } from '../quality-run.service';
import { QualityScheduler } from './quality-scheduler';
import { redisConnectionOf } from './redis-connection';

/** Starts the shared schedule on this replica (QUALITY_SCHEDULER_ENABLED). */
@Injectable()
export class QualitySchedulerService implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly scheduler: QualityScheduler;

  constructor(
    private readonly config: QualityServiceConfig,
    runs: QualityRunService,
    logger: PinoLogger,
  ) {
    logger.setContext('QualityScheduler');
    this.scheduler = new QualityScheduler({
      connection: redisConnectionOf(config.REDIS_URL),
      prefix: config.QUEUE_PREFIX,
      intervalSeconds: config.DATA_QUALITY_CHECK_INTERVAL,
      logger: { info: (fields, message) => logger.info(fields, message), warn: (fields, message) => logger.warn(fields, message) },
      run: async () => {
        const report = await runs.run('schedule');
        return { runId: report.runId, alertLevel: report.alertLevel };
      },
    });
  }

  onApplicationBootstrap(): void {
    if (this.config.QUALITY_SCHEDULER_ENABLED) this.scheduler.start();
  }

  async onModuleDestroy(): Promise<void> {
    if (this.config.QUALITY_SCHEDULER_ENABLED) await this.scheduler.stop();
  }
}
