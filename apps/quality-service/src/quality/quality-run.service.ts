import { type TradingCalendar } from '@mdi/domain';
import { AlertChannel, MetricsService } from '@mdi/platform';
import { Inject, Injectable, type OnApplicationBootstrap, type OnModuleDestroy } from '@nestjs/common';
import { PinoLogger } from 'nestjs-pino';
import { DataSource } from 'typeorm';
import { QualityServiceConfig, qualityRunSettingsOf } from '../app/quality-service.config';
import { AlertDispatcher } from './alerts/alert-dispatcher';
import type { RunMode, RunTrigger, StoredReport } from './report/stored-report';
import { QualityRunner } from './run/quality-runner';
import { TRADING_CALENDAR } from './trading-calendar.provider';

/** The service's runs: QualityRunner plus metrics, logs and alerts. */
@Injectable()
export class QualityRunService implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly runner: QualityRunner;
  private readonly alerts: AlertDispatcher;
  private warmingUp: Promise<void> = Promise.resolve();
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

  /**
   * QualityRunner.warmUp in the background right after start, so a database that is not there yet delays
   * nothing (readiness reports it). A failure only costs the first run its speed.
   */
  onApplicationBootstrap(): void {
    const started = performance.now();
    this.warmingUp = this.runner.warmUp().then(
      (warmed) =>
        this.logger.info(
          { duration_seconds: (performance.now() - started) / 1000, symbol: warmed?.symbol ?? null },
          warmed === null ? 'no quality baseline to warm up from' : 'quality runs warmed up',
        ),
      (error: unknown) => this.logger.warn({ err: error }, 'quality run warm-up failed; the first run will be slower'),
    );
  }

  /** The last run of this replica, for /status. */
  last(): typeof this.lastRun {
    return this.lastRun;
  }

  async onModuleDestroy(): Promise<void> {
    // Before the connections close under it.
    await this.warmingUp;
    await this.alerts.drain();
  }
}
