import type { ServiceDefinition } from '@mdi/platform';
import { AppModule } from './app.module';
import { SERVICE_NAME } from './service-name';
import { PolygonIngestorConfig } from './polygon-ingestor.config';

export const serviceDefinition: ServiceDefinition<PolygonIngestorConfig> = {
  name: SERVICE_NAME,
  configSchema: PolygonIngestorConfig,
  rootModule: (config) => AppModule.forRoot(config),
};
