import { processInfo } from '@mdi/platform';
import { Controller, Get } from '@nestjs/common';
import { QualityRunService } from '../quality/quality-run.service';
import { SERVICE_NAME } from './service-name';
import { QualityServiceConfig } from './quality-service.config';

@Controller('status')
export class StatusController {
  constructor(
    private readonly runs: QualityRunService,
    private readonly config: QualityServiceConfig,
  ) {}

  @Get()
  status() {
    return {
      service: SERVICE_NAME,
      ...processInfo(),
      checkIntervalSeconds: this.config.DATA_QUALITY_CHECK_INTERVAL,
      schedulerEnabled: this.config.QUALITY_SCHEDULER_ENABLED,
      anomalyDetection: this.config.ANOMALY_DETECTION_ENABLED,
      alertWebhookConfigured: this.config.QUALITY_ALERT_WEBHOOK_URL !== undefined,
      lastRun: this.runs.last(),
    };
  }
}
