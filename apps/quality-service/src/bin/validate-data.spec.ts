import { execFile } from 'node:child_process';
import { resolve } from 'node:path';
import { promisify } from 'node:util';
import { createTestDatabase, type TestDatabase } from '@mdi/testing';
import { writeBars, writeSymbols } from '../test-support/bar-writer';
import { generateCleanBars } from '../test-support/clean-bars.generator';

const run = promisify(execFile);
const ROOT = resolve(__dirname, '../../../..');

/** Runs the command the way the npm script does: a real process. */
async function validateData(databaseUrl: string, args: string[], env: Record<string, string> = {}) {
  try {
    const { stdout, stderr } = await run('node', ['-r', '@swc-node/register', 'apps/quality-service/src/bin/validate-data.ts', ...args], {
      cwd: ROOT,
      env: { ...process.env, SWC_NODE_PROJECT: 'tsconfig.base.json', DATABASE_URL: databaseUrl, REDIS_URL: 'redis://127.0.0.1:6379', PORT: '0', ...env },
    });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code: number; stdout: string; stderr: string };
    return { code: failed.code, stdout: failed.stdout, stderr: failed.stderr };
  }
}

describe('validate-data command (real process, real PostgreSQL)', () => {
  let db: TestDatabase;

  beforeAll(async () => {
    db = await createTestDatabase();
    // Data up to a session long past: every symbol is stale today, and BBB has a zero-volume day.
    await writeBars(db.dataSource, generateCleanBars({ symbols: ['AAA', 'BBB'], from: '2024-09-03', to: '2024-10-31' }));
    await writeSymbols(db.dataSource, ['AAA', 'BBB']);
    await db.dataSource.query(
      `UPDATE data_ingestion.market_data SET volume = 0 WHERE symbol = 'BBB' AND timestamp = (DATE '2024-10-01'::timestamp AT TIME ZONE 'America/New_York')`,
    );
  }, 60_000);

  afterAll(async () => {
    await db?.drop();
  });

  const reports = async () =>
    Number((await db.dataSource.query(`SELECT count(*) AS n FROM data_ingestion.data_quality_logs WHERE check_type = 'quality_report'`))[0].n);

  it('prints the report, exits with the alert level and stores nothing by default', async () => {
    const { code, stdout } = await validateData(db.url, []);
    expect(code).toBe(1);
    expect(stdout).toMatch(/^quality report [0-9a-f-]{36}\nalert level 1 \(warning\)\n2 symbols, \d+ bars/);
    expect(stdout).toMatch(/ {2}zero_volume +BBB +2024-10-01 +volume 0 on trading session 2024-10-01/);
    expect(stdout).toMatch(/ {2}stale +AAA +2024-10-31 +newest bar 2024-10-31/);
    expect(await reports()).toBe(0);
  }, 60_000);

  it('stores the report with --store and prints JSON with --json', async () => {
    const { code, stdout } = await validateData(db.url, ['--store', '--json']);
    expect(code).toBe(1);
    const report = JSON.parse(stdout);
    expect(report).toMatchObject({ trigger: 'command', alertLevel: 1, counts: { zero_volume: 1, stale: 2 } });
    expect(await reports()).toBe(1);
  }, 60_000);

  it('refuses an unknown option and a bad configuration with one readable line', async () => {
    const unknown = await validateData(db.url, ['--fix']);
    expect(unknown.code).toBe(3);
    expect(unknown.stderr).toContain('validate-data: unknown option --fix');
    const badConfig = await validateData(db.url, [], { MAX_MISSING_DATA_THRESHOLD: 'lots' });
    expect(badConfig.code).toBe(3);
    expect(badConfig.stderr).toMatch(/^validate-data: .*MAX_MISSING_DATA_THRESHOLD/);
    expect(badConfig.stderr).not.toMatch(/\n\s+at /);
  }, 60_000);
});
