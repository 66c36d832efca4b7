import { itBehavesLikeAService } from '@mdi/testing';
import { serviceDefinition } from './service-definition';

itBehavesLikeAService(
  serviceDefinition,
  { GATEWAY_ADMIN_TOKEN: 'gateway-admin-token-0123456789' },
  { postgres: 'unused' },
);
