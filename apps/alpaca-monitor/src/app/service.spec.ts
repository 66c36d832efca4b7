import { itBehavesLikeAService } from '@mdi/testing';
import { serviceDefinition } from './service-definition';

itBehavesLikeAService(serviceDefinition, { ALPACA_API_KEY: 'alpaca-test-key-id-7d1e', ALPACA_SECRET_KEY: 'alpaca-test-secret-3b8f' });
