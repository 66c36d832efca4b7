import { itBehavesLikeAService } from '@mdi/testing';
import { serviceDefinition } from './service-definition';

// Monitoring off: the contract is about the service's own probes, and with monitoring on the worker
// would call Alpaca's real paper host (the polling side is covered against the simulator in src/e2e).
itBehavesLikeAService(serviceDefinition, {
  ALPACA_API_KEY: 'alpaca-test-key-id-7d1e',
  ALPACA_SECRET_KEY: 'alpaca-test-secret-3b8f',
  ENABLE_REALTIME_TRADING: 'false',
});
