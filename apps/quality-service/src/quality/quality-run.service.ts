import { type TradingCalendar } from '@mdi/domain';
import { AlertChannel, MetricsService } from '@mdi/platform';
import { Inject, Injectable, type OnModuleDestroy } from '@nestjs/common';
import { PinoLogger } from 'nestjs-pino';
import { DataSource } from 'typeorm';
import { QualityServiceConfig, qualityRunSettingsOf } from '../app/quality-service.config';
import { AlertDispatcher } from './alerts/alert-dispatcher';
import type { RunMode, RunTrigger, StoredReport } from './report/stored-report';
import { QualityRunner } from './run/quality-runner';
import { TRADING_CALENDAR } from './trading-calendar.provider';

/** The service's runs: QualityRunner plus metrics, logs and alerts. */
@Injectable()
export class QualityRunService implements OnModuleDestroy {
  private readonly runner: QualityRunner;
  private readonly alerts: AlertDispatcher;
  private lastRun: Pick<StoredReport, 'runId' | 'trigger' | 'outcome' | 'reason' | 'alertLevel' | 'finishedAt'> | null =
    null;

  constructor(
    dataSource: DataSource,
    config: QualityServiceConfig,
    @Inject(TRADING_CALENDAR) calendar: TradingCalendar,
    private readonly metrics: MetricsService,
    private readonly logger: PinoLogger,
    alerts: AlertChannel,
  ) {
    this.logger.setContext('QualityRunService');
    this.runner = new QualityRunner(dataSource, calendar, qualityRunSettingsOf(config));
    this.alerts = new AlertDispatcher(alerts);
  }

  /** Scheduled runs are incremental (a full one when the last is QUALITY_FULL_RUN_INTERVAL old); others say. */
  async run(trigger: RunTrigger, options: { slot?: Date; mode: RunMode }): Promise<StoredReport> {
    const { report, stored, timings, baselineWritten } = await this.runner.run(trigger, options);
    for (const [code, count] of Object.entries(report.counts)) {
      if (count > 0) this.metrics.qualityIssues.inc({ check: code }, count);
    }
    this.logger.info(
      {
        run_id: report.runId,
        trigger,
        outcome: stored.outcome,
        ...(stored.reason === undefined ? {} : { reason: stored.reason }),
        alert_level: stored.alertLevel,
        mode: stored.mode,
        ...(stored.fullRunReason === undefined ? {} : { full_run_reason: stored.fullRunReason }),
        symbols_rechecked: stored.symbolsRechecked,
        baseline_written: baselineWritten,
        symbols: report.symbolsChecked,
        data_points: stored.barsChecked,
        findings: report.findings.length,
        duration_seconds: (timings.loadMs + timings.analyzeMs + timings.storeMs) / 1000,
        success: true,
      },
      'quality run finished',
    );
    this.lastRun = {
      runId: stored.runId,
      trigger,
      outcome: stored.outcome,
      reason: stored.reason,
      alertLevel: stored.alertLevel,
      finishedAt: stored.finishedAt,
    };
    void this.alerts.dispatch(stored);
    return stored;
  }

  /** The last run of this replica, for /status. */
  last(): typeof this.lastRun {
    return this.lastRun;
  }

  async onModuleDestroy(): Promise<void> {
    await this.alerts.drain();
  }
}
