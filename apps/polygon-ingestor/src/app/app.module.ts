import { PlatformModule } from '@mdi/platform';
import { StorageModule } from '@mdi/storage';
import { DynamicModule, Module } from '@nestjs/common';
import { SERVICE_NAME } from './service-name';
import { PolygonIngestorConfig } from './polygon-ingestor.config';
import { StatusController } from './status.controller';

@Module({})
export class AppModule {
  static forRoot(config: PolygonIngestorConfig): DynamicModule {
    return {
      module: AppModule,
      imports: [
        PlatformModule.forRoot({ serviceName: SERVICE_NAME, config, secrets: [config.POLYGON_API_KEY] }),
        StorageModule.forRoot({ databaseUrl: config.DATABASE_URL, redisUrl: config.REDIS_URL, cacheTtlSeconds: config.DATA_INGESTION_CACHE_TTL }),
      ],
      controllers: [StatusController],
      providers: [{ provide: PolygonIngestorConfig, useValue: config }],
    };
  }
}
