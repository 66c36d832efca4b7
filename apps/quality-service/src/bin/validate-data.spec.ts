import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { createTestDatabase, type TestDatabase } from '@mdi/testing';
import { writeBars, writeSymbols } from '../test-support/bar-writer';
import { generateCleanBars } from '../test-support/clean-bars.generator';

const run = promisify(execFile);
const ROOT = resolve(__dirname, '../../../..');

/** Runs the command the way the npm script does: a real process. */
async function validateData(databaseUrl: string, args: string[], env: Record<string, string> = {}) {
  return runCommand(args, {
    ...process.env,
    DATABASE_URL: databaseUrl,
    REDIS_URL: 'redis://127.0.0.1:6379',
    PORT: '0',
    ...env,
  });
}

async function runCommand(args: string[], env: NodeJS.ProcessEnv) {
  try {
    const { stdout, stderr } = await run(
      'node',
      ['-r', '@swc-node/register', 'apps/quality-service/src/bin/validate-data.ts', ...args],
      {
        cwd: ROOT,
        env: { ...env, SWC_NODE_PROJECT: 'tsconfig.base.json' },
      },
    );
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
    await writeBars(
      db.dataSource,
      generateCleanBars({ symbols: ['AAA', 'BBB'], from: '2024-09-03', to: '2024-10-31' }),
    );
    await writeSymbols(db.dataSource, ['AAA', 'BBB']);
    await db.dataSource.query(
      `UPDATE data_ingestion.market_data SET volume = 0 WHERE symbol = 'BBB' AND timestamp = (DATE '2024-10-01'::timestamp AT TIME ZONE 'America/New_York')`,
    );
  }, 60_000);

  afterAll(async () => {
    await db?.drop();
  });

  const reports = async () =>
    Number(
      (
        await db.dataSource.query(
          `SELECT count(*) AS n FROM data_ingestion.data_quality_logs WHERE check_type = 'quality_report'`,
        )
      )[0].n,
    );

  it('prints the report, exits with the alert level and stores nothing by default', async () => {
    const { code, stdout } = await validateData(db.url, []);
    expect(code).toBe(1);
    expect(stdout).toMatch(
      /^using DATABASE_URL, REDIS_URL from the environment\nquality report [0-9a-f-]{36}\nalert level 1 \(warning\)\n2 symbols, \d+ bars/,
    );
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
    expect(badConfig.stderr).toBe(
      'validate-data: invalid configuration: MAX_MISSING_DATA_THRESHOLD must be a number between 0 and 1 (got "lots")\n' +
        'set MAX_MISSING_DATA_THRESHOLD (see README.md "Configuration" and apps/quality-service/README.md "validate data" command)\n',
    );
    const badBatch = await validateData(db.url, [], { QUALITY_BATCH_SYMBOLS: '0' });
    expect(badBatch.code).toBe(3);
    expect(badBatch.stderr).toMatch(/^validate-data: invalid configuration: QUALITY_BATCH_SYMBOLS .*\(got "0"\)\n/);
  }, 60_000);

  it('prints its usage, with the exit codes, for --help and -h', async () => {
    for (const flag of ['--help', '-h']) {
      const help = await validateData(db.url, [flag]);
      expect(help.code).toBe(0);
      expect(help.stdout).toMatch(/^usage: validate-data \[--store\] \[--json\] \[--all\]\n/);
      expect(help.stdout).toContain('\n  4 nothing checked: no symbols or no bars stored yet');
    }
  }, 60_000);
});

describe('validate-data on an empty database (real process, real PostgreSQL)', () => {
  let db: TestDatabase;
  let dir: string;

  beforeAll(async () => {
    db = await createTestDatabase();
    dir = mkdtempSync(join(tmpdir(), 'mdi-validate-data-'));
  }, 60_000);

  afterAll(async () => {
    rmSync(dir, { recursive: true, force: true });
    await db?.drop();
  });

  it('says there is no data yet and how to get some, exits 4, and with --json reports nothing_checked', async () => {
    const { code, stdout } = await validateData(db.url, []);
    expect(code).toBe(4);
    expect(stdout).toMatch(
      /^using DATABASE_URL, REDIS_URL from the environment\nquality report [0-9a-f-]{36}\nnothing checked: no symbols in the universe\nThere is no data yet: start the polygon-ingestor \(npm start\): it seeds the symbol universe, then backfills its history, then validate again\.\n$/,
    );
    expect(stdout).not.toContain('expected session bars');
    const json = await validateData(db.url, ['--json']);
    expect(json.code).toBe(4);
    expect(JSON.parse(json.stdout)).toMatchObject({
      outcome: 'nothing_checked',
      reason: 'no symbols in the universe',
      alertLevel: null,
    });
    expect(json.stderr).toBe('using DATABASE_URL, REDIS_URL from the environment\n');
  }, 60_000);

  it('from a fresh shell (no variable set) uses the local defaults npm start uses, and says so first', async () => {
    // The local defaults file, pointed at this test's database.
    const file = join(dir, 'local.env');
    writeFileSync(file, `DATABASE_URL=${db.url}\nREDIS_URL=redis://127.0.0.1:6379\nSIM_PORT=4010\n`);
    const { code, stdout } = await runCommand([], { PATH: process.env['PATH'], LOCAL_DEFAULTS_FILE: file });
    expect(code).toBe(4);
    expect(stdout.split('\n')[0]).toBe(
      `using local defaults DATABASE_URL=${db.url}, REDIS_URL=redis://127.0.0.1:6379 (defaults: scripts/local-defaults.env, as npm start)`,
    );
    expect(stdout).toContain('\nnothing checked: no symbols in the universe\n');
  }, 60_000);
});
