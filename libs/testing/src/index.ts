
export * from './lib/test-database';
export * from './lib/provider-sim-process';
