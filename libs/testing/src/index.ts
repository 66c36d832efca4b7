export * from './lib/tcp-proxy';
export * from './lib/service-harness';
export * from './lib/service-process';
export * from './lib/service-contract';
export * from './lib/test-database';
export * from './lib/provider-sim-process';
export * from './lib/registered-routes';
export * from './lib/openapi-contract';
