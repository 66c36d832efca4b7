import { Global, Module, type DynamicModule } from '@nestjs/common';
import { PinoLogger } from 'nestjs-pino';
import { MetricsService } from '../metrics/metrics.service';
import { AlertChannel, type AlertChannelOptions } from './alert-channel';

/** Provides the app's AlertChannel (global: any module of the app raises through it). */
@Global()
@Module({})
export class AlertsModule {
  static forRoot(options: AlertChannelOptions): DynamicModule {
    return {
      module: AlertsModule,
      providers: [
        {
          provide: AlertChannel,
          useFactory: (logger: PinoLogger, metrics: MetricsService) => {
            logger.setContext('Alerts');
            return new AlertChannel(options, logger, metrics);
          },
          inject: [PinoLogger, MetricsService],
        },
      ],
      exports: [AlertChannel],
    };
  }
}
