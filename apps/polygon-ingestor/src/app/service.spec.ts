import { itBehavesLikeAService } from '@mdi/testing';
import { serviceDefinition } from './service-definition';

itBehavesLikeAService(serviceDefinition, { POLYGON_API_KEY: 'polygon-test-key-5f2c9a', BACKFILL_ON_START: 'false' });
