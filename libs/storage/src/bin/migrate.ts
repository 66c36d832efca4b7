/**
 * Applies the storage migrations to DATABASE_URL, then exits.
 *   DATABASE_URL=postgres://... node -r @swc-node/register libs/storage/src/bin/migrate.ts
 * One line per migration applied, or "schema up to date". Exit 1 on failure,
 * with one line naming the cause (never a stack trace).
 */
import 'reflect-metadata';
import { DatabaseUrlError, parseDatabaseUrl, redactDatabaseUrl } from '../lib/config/database-url';
import { runMigrations } from '../lib/migrations/run-migrations';

async function main(): Promise<number> {
  let url: string;
  try {
    url = parseDatabaseUrl(process.env['DATABASE_URL']);
  } catch (error) {
    if (error instanceof DatabaseUrlError) {
      console.error(`migrate: ${error.message}`);
      return 1;
    }
    throw error;
  }
  try {
    const { applied } = await runMigrations(url);
    if (applied.length === 0) {
      console.log('migrate: schema up to date');
    }
    for (const name of applied) {
      console.log(`migrate: applied ${name}`);
    }
    return 0;
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    console.error(`migrate: failed on ${redactDatabaseUrl(url)}: ${message}`);
    return 1;
  }
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(`migrate: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  },
);
