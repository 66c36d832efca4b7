import { processInfo } from '@mdi/platform';
import { Controller, Get } from '@nestjs/common';
import { QualityRunService } from '../quality/quality-run.service';
import { QualitySchedulerService } from '../quality/scheduling/quality-scheduler.service';
import { SERVICE_NAME } from './service-name';
import { QualityServiceConfig } from './quality-service.config';

@Controller('status')
export class StatusController {
  constructor(
    private readonly runs: QualityRunService,
    private readonly scheduler: QualitySchedulerService,
    private readonly config: QualityServiceConfig,
  ) {}

  @Get()
  status() {
    return {
      service: SERVICE_NAME,
      ...processInfo(),
      checkIntervalSeconds: this.config.DATA_QUALITY_CHECK_INTERVAL,
      schedulerEnabled: this.config.QUALITY_SCHEDULER_ENABLED,
      lastScheduledSlot: this.scheduler.lastAttempt(),
      anomalyDetection: this.config.ANOMALY_DETECTION_ENABLED,
      alertWebhookConfigured: this.config.QUALITY_ALERT_WEBHOOK_URL !== undefined,
      // outcome nothing_checked, with its reason, when the run had no bar to check.
      lastRun: this.runs.last(),
    };
  }
}
