import { Injectable, type OnApplicationBootstrap, type OnModuleDestroy } from '@nestjs/common';
import { SchedulerRegistry } from '@nestjs/schedule';
import { PinoLogger } from 'nestjs-pino';
import { DataSource } from 'typeorm';
import { QualityServiceConfig } from '../../app/quality-service.config';
import { QualityRunService } from '../quality-run.service';
import { QualityScheduler } from './quality-scheduler';

/**
 * Starts the shared schedule on this replica (QUALITY_SCHEDULER_ENABLED); its
 * timer lives in @nestjs/schedule's SchedulerRegistry as 'quality-slot'.
 */
@Injectable()
export class QualitySchedulerService implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly scheduler: QualityScheduler;

  constructor(
    private readonly config: QualityServiceConfig,
    dataSource: DataSource,
    runs: QualityRunService,
    registry: SchedulerRegistry,
    logger: PinoLogger,
  ) {
    logger.setContext('QualityScheduler');
    this.scheduler = new QualityScheduler({
      dataSource,
      registry,
      intervalSeconds: config.DATA_QUALITY_CHECK_INTERVAL,
      logger: {
        info: (fields, message) => logger.info(fields, message),
        warn: (fields, message) => logger.warn(fields, message),
      },
      run: (slot) => runs.run('schedule', { slot, mode: 'incremental' }),
    });
  }

  /** This replica's last scheduled slot and its outcome (e.g. waiting-for-universe), for /status. */
  lastAttempt() {
    return this.scheduler.lastAttempt();
  }

  onApplicationBootstrap(): void {
    if (this.config.QUALITY_SCHEDULER_ENABLED) this.scheduler.start();
  }

  async onModuleDestroy(): Promise<void> {
    await this.scheduler.stop();
  }
}
