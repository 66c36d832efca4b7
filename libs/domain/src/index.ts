export * from './lib/shared/validated';
export * from './lib/shared/decimal-string';
export * from './lib/market-data/market-data-bar';
export * from './lib/symbols/symbol-info';
export * from './lib/symbols/ingestion-status';
export * from './lib/quality/quality';
export * from './lib/alpaca/alpaca-models';
export * from './lib/queues/queue-names';
