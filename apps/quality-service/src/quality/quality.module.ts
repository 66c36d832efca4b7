import { DynamicModule, Module } from '@nestjs/common';
import { QualityServiceConfig } from '../app/quality-service.config';
import { AnalyticsController } from '../analytics/analytics.controller';
import { AnalyticsService } from '../analytics/analytics.service';
import { SymbolDirectory } from '../http/symbol-directory';
import { FindingsController } from './http/findings.controller';
import { ReportsController } from './http/reports.controller';
import { RunsController } from './http/runs.controller';
import { QualityRunService } from './quality-run.service';
import { QualitySchedulerService } from './scheduling/quality-scheduler.service';
import { tradingCalendarProvider } from './trading-calendar.provider';

/**
 * Quality runs (scheduled and on demand), reports, alerts and analytics.
 * Needs DataSource (StorageModule), MetricsService and PinoLogger (PlatformModule).
 */
@Module({})
export class QualityModule {
  static forRoot(config: QualityServiceConfig): DynamicModule {
    return {
      module: QualityModule,
      controllers: [RunsController, ReportsController, FindingsController, AnalyticsController],
      providers: [
        { provide: QualityServiceConfig, useValue: config },
        tradingCalendarProvider,
        QualityRunService,
        QualitySchedulerService,
        SymbolDirectory,
        AnalyticsService,
      ],
      exports: [QualityRunService, QualitySchedulerService],
    };
  }
}
