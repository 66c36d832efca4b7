/**
 * The seed's "validate data" debug command (`npm run validate-data`): runs
 * every quality check once against DATABASE_URL and prints the report. See
 * USAGE for options and exit codes.
 */
import 'reflect-metadata';
import { UsEquityCalendar } from '@mdi/domain';
import { ConfigError, configErrorHint, loadConfig, redactSecrets, withLocalDefaults } from '@mdi/platform';
import { createDataSourceOptions } from '@mdi/storage';
import { DataSource } from 'typeorm';
import { QualityChecksConfig, qualityRunSettingsOf } from '../app/quality-service.config';
import { QualityRunner } from '../quality/run/quality-runner';
import { formatReport } from './format-report';

/** Exit code of a run that found no bar to check (an empty database). */
const NOTHING_CHECKED_EXIT = 4;
const FAILED_EXIT = 3;

const USAGE = `usage: validate-data [--store] [--json] [--all]

Runs every quality check once against DATABASE_URL and prints the report.
Unset DATABASE_URL / REDIS_URL default to the local system's (scripts/local-defaults.env, as npm start);
the first line says which were used (on stderr with --json).

options:
  --store     also write the report to data_quality_logs (default: print only)
  --json      print the full report as JSON
  --all       list every finding (default: the first 50)
  -h, --help  print this help and exit

exit codes:
  0 ok, 1 warning, 2 critical (the report's alert level)
  3 the run failed, or the configuration or command line is bad
  ${NOTHING_CHECKED_EXIT} nothing checked: no symbols or no bars stored yet (start the ingestor, let it backfill)`;

const SEE = 'README.md "Configuration" and apps/quality-service/README.md "validate data" command';

async function main(argv: string[]): Promise<number> {
  const flags = new Set(argv);
  if (flags.has('-h') || flags.has('--help')) {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  const unknown = [...flags].filter((flag) => !['--store', '--json', '--all'].includes(flag));
  if (unknown.length > 0) {
    process.stderr.write(`validate-data: unknown option ${unknown.join(', ')}\n${USAGE}\n`);
    return FAILED_EXIT;
  }
  const json = flags.has('--json');
  const { env, summary } = withLocalDefaults(process.env, { variables: ['DATABASE_URL', 'REDIS_URL'] });
  (json ? process.stderr : process.stdout).write(`${summary}\n`);
  let config: Readonly<QualityChecksConfig>;
  try {
    config = loadConfig(QualityChecksConfig, env);
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    process.stderr.write(`validate-data: ${error.message}\n${configErrorHint(error, SEE)}\n`);
    return FAILED_EXIT;
  }
  const dataSource = new DataSource(
    createDataSourceOptions(config.DATABASE_URL, { poolSize: 2, applicationName: 'quality-validate-data' }),
  );
  await dataSource.initialize();
  try {
    const runner = new QualityRunner(dataSource, new UsEquityCalendar(), qualityRunSettingsOf(config));
    const { stored, timings } = await runner.run('command', { store: flags.has('--store') });
    process.stdout.write(
      json ? `${JSON.stringify(stored, null, 2)}\n` : formatReport(stored, timings, { all: flags.has('--all') }),
    );
    return stored.alertLevel ?? NOTHING_CHECKED_EXIT;
  } finally {
    await dataSource.destroy();
  }
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: Error) => {
    process.stderr.write(`validate-data: ${redactSecrets(`failed: ${error.message}`)}\n`);
    process.exit(FAILED_EXIT);
  },
);
