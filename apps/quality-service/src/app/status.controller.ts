import { processInfo, withTimeout } from '@mdi/platform';
import { Controller, Get } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { QUALITY_STATUS_SCHEMA } from '../http/api-schemas';
import { DataSource } from 'typeorm';
import { QualityReportRepository } from '../quality/report/quality-report.repository';
import { QualityRunService } from '../quality/quality-run.service';
import { QualitySchedulerService } from '../quality/scheduling/quality-scheduler.service';
import { SERVICE_NAME } from './service-name';
import { QualityServiceConfig } from './quality-service.config';

/** /status answers while PostgreSQL is down: the stored report is then null. */
const REPORT_TIMEOUT_MS = 1000;

@ApiTags('status')
@Controller('status')
export class StatusController {
  private readonly reports: QualityReportRepository;

  constructor(
    private readonly runs: QualityRunService,
    private readonly scheduler: QualitySchedulerService,
    private readonly config: QualityServiceConfig,
    dataSource: DataSource,
  ) {
    this.reports = new QualityReportRepository(dataSource);
  }

  @Get()
  @ApiOperation({ summary: "This replica's schedule, last run and the newest stored report" })
  @ApiOkResponse({
    description: "the service's summary; it answers while PostgreSQL is down",
    schema: QUALITY_STATUS_SCHEMA,
  })
  async status() {
    const latest = await withTimeout(this.reports.latestSummary(), REPORT_TIMEOUT_MS, 'PostgreSQL').catch(() => null);
    return {
      service: SERVICE_NAME,
      ...processInfo(),
      checkIntervalSeconds: this.config.DATA_QUALITY_CHECK_INTERVAL,
      schedulerEnabled: this.config.QUALITY_SCHEDULER_ENABLED,
      lastScheduledSlot: this.scheduler.lastAttempt(),
      anomalyDetection: this.config.ANOMALY_DETECTION_ENABLED,
      alertWebhookConfigured: (this.config.ALERT_WEBHOOK_URL ?? this.config.QUALITY_ALERT_WEBHOOK_URL) !== undefined,
      // outcome nothing_checked, with its reason, when the run had no bar to check.
      lastRun: this.runs.last(),
      // The newest stored report of any replica (counts, no findings).
      latestReport: latest,
    };
  }
}
