/**
 * The seed's "validate data" debug command: runs every quality check once
 * against DATABASE_URL and prints the report.
 *
 *   SWC_NODE_PROJECT=tsconfig.base.json node -r @swc-node/register \
 *     apps/quality-service/src/bin/validate-data.ts [--store] [--json] [--all]
 *
 * --store  also write the report to data_quality_logs (default: print only)
 * --json   print the full report as JSON
 * --all    list every finding (default: the first 50)
 * Exit code: the alert level (0 ok, 1 warning, 2 critical); 3 when the run fails.
 */
import 'reflect-metadata';
import { UsEquityCalendar } from '@mdi/domain';
import { ConfigError, loadConfig, redactSecrets } from '@mdi/platform';
import { createDataSourceOptions } from '@mdi/storage';
import { DataSource } from 'typeorm';
import { QualityServiceConfig } from '../app/quality-service.config';
import { QualityRunner } from '../quality/run/quality-runner';
import { formatReport } from './format-report';

const USAGE = 'usage: validate-data [--store] [--json] [--all]';

async function main(argv: string[]): Promise<number> {
  const flags = new Set(argv);
  const unknown = [...flags].filter((flag) => !['--store', '--json', '--all'].includes(flag));
  if (unknown.length > 0) {
    process.stderr.write(`validate-data: unknown option ${unknown.join(', ')}\n${USAGE}\n`);
    return 3;
  }
  const config = loadConfig(QualityServiceConfig, process.env);
  const dataSource = new DataSource(createDataSourceOptions(config.DATABASE_URL, { poolSize: 2, applicationName: 'quality-validate-data' }));
  await dataSource.initialize();
  try {
    const runner = new QualityRunner(dataSource, new UsEquityCalendar(), {
      maxMissingRatio: config.MAX_MISSING_DATA_THRESHOLD,
      anomalyDetection: config.ANOMALY_DETECTION_ENABLED,
    });
    const { stored, timings } = await runner.run('command', { store: flags.has('--store') });
    process.stdout.write(flags.has('--json') ? `${JSON.stringify(stored, null, 2)}\n` : formatReport(stored, timings, { all: flags.has('--all') }));
    return stored.alertLevel;
  } finally {
    await dataSource.destroy();
  }
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: Error) => {
    const reason = error instanceof ConfigError ? error.message : `failed: ${error.message}`;
    process.stderr.write(`validate-data: ${redactSecrets(reason)}\n`);
    process.exit(3);
  },
);
