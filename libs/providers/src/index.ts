export * from './lib/providers';
