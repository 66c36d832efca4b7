import type { ServiceDefinition } from '@mdi/platform';
import { mountFastReads } from './aggregation/fast-reads';
import { AppModule } from './app.module';
import { SERVICE_NAME } from './service-name';
import { GatewayConfig } from './gateway.config';

export const serviceDefinition: ServiceDefinition<GatewayConfig> = {
  name: SERVICE_NAME,
  configSchema: GatewayConfig,
  rootModule: (config) => AppModule.forRoot(config),
  beforeListen: (app) => mountFastReads(app),
};
