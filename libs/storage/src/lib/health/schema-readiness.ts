import { withTimeout } from '@mdi/platform';
import type { DataSource } from 'typeorm';
import { MIGRATIONS_TABLE } from '../config/data-source-options';
import { SCHEMA } from '../entities';
import { STORAGE_MIGRATIONS } from '../migrations';

/** The migration names this build expects, in order (TypeORM's: the `name` field, else the class name). */
export function expectedMigrations(): string[] {
  return STORAGE_MIGRATIONS.map((M) => (new M() as { name?: string }).name ?? M.name);
}

// undefined_table, invalid_schema_name: nothing has been migrated yet
const NOT_MIGRATED_YET = new Set(['42P01', '3F000']);

/** Migrations of this build that the database has not applied, in order. */
export async function pendingMigrations(dataSource: Pick<DataSource, 'query'>): Promise<string[]> {
  let applied: Set<string>;
  try {
    const rows: Array<{ name: string }> = await dataSource.query(`SELECT name FROM "${SCHEMA}"."${MIGRATIONS_TABLE}"`);
    applied = new Set(rows.map((r) => r.name));
  } catch (error) {
    if (!NOT_MIGRATED_YET.has((error as { code?: string }).code ?? '')) throw error;
    applied = new Set();
  }
  return expectedMigrations().filter((name) => !applied.has(name));
}

const CHECK_TIMEOUT_MS = 1500;

/**
 * Readiness of the schema: down while the database lacks a migration this build
 * expects, naming them, so a release applied together with its migration Job
 * takes traffic only once the Job has run. A database that cannot be read is
 * reported by the PostgreSQL check; this one then says it could not compare.
 * Once the schema has been found complete the check stops querying: migrations
 * only ever add to it.
 */
export function schemaReadinessCheck(dataSource: Pick<DataSource, 'query'>) {
  let complete = false;
  const up = () => ({ schema: { status: 'up' as const, migrations: expectedMigrations().length } });
  return async () => {
    if (complete) return up();
    try {
      const missing = await withTimeout(pendingMigrations(dataSource), CHECK_TIMEOUT_MS, 'PostgreSQL');
      if (missing.length === 0) {
        complete = true;
        return up();
      }
      return {
        schema: {
          status: 'down' as const,
          missing,
          message: `database schema is behind this build: ${missing.length} migration(s) not applied (${missing.join(', ')}); run the migration (npm run db:migrate, or the mdi-migrate Job)`,
        },
      };
    } catch {
      return {
        schema: { status: 'down' as const, message: 'schema version unknown: the migrations table could not be read' },
      };
    }
  };
}
