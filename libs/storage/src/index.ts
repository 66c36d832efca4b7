export * from './lib/config/database-url';
export * from './lib/config/data-source-options';
export * from './lib/entities';
export { STORAGE_MIGRATIONS } from './lib/migrations';
export * from './lib/migrations/run-migrations';
export * from './lib/admin/temporary-database';
