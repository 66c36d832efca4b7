import type { ServiceDefinition } from '@mdi/platform';
import { AppModule } from './app.module';
import { SERVICE_NAME } from './service-name';
import { AlpacaMonitorConfig } from './alpaca-monitor.config';

export const serviceDefinition: ServiceDefinition<AlpacaMonitorConfig> = {
  name: SERVICE_NAME,
  configSchema: AlpacaMonitorConfig,
  rootModule: (config) => AppModule.forRoot(config),
};
