import type { ServiceDefinition } from '@mdi/platform';
import { AppModule } from './app.module';
import { SERVICE_NAME } from './service-name';
import { QualityServiceConfig } from './quality-service.config';

export const serviceDefinition: ServiceDefinition<QualityServiceConfig> = {
  name: SERVICE_NAME,
  configSchema: QualityServiceConfig,
  rootModule: (config) => AppModule.forRoot(config),
};
