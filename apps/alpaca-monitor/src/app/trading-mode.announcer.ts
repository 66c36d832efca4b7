import { Injectable, type OnApplicationBootstrap } from '@nestjs/common';
import { PinoLogger } from 'nestjs-pino';
import { AlpacaMonitorConfig } from './alpaca-monitor.config';
import { tradingModeOf } from './trading-mode';

/** Says at start-up which Alpaca endpoint (paper or live) this replica uses, and whether it polls. */
@Injectable()
export class TradingModeAnnouncer implements OnApplicationBootstrap {
  constructor(
    private readonly config: AlpacaMonitorConfig,
    private readonly logger: PinoLogger,
  ) {
    logger.setContext('AlpacaMonitor');
  }

  onApplicationBootstrap(): void {
    const { mode, endpoint } = tradingModeOf(this.config.ALPACA_BASE_URL);
    const monitoring = this.config.ENABLE_REALTIME_TRADING ? 'enabled' : 'disabled';
    const fields = {
      provider: 'alpaca',
      trading_mode: mode,
      endpoint,
      monitoring,
      interval_seconds: this.config.ALPACA_UPDATE_INTERVAL,
    };
    const message = `Alpaca ${mode.toUpperCase()} trading endpoint ${endpoint}; monitoring ${monitoring}`;
    if (mode === 'live') this.logger.warn(fields, message);
    else this.logger.info(fields, message);
  }
}
