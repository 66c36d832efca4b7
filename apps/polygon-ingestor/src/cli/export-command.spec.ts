import { etMidnight } from '@mdi/domain';
import { MarketDataRepository, SymbolDataStatusRepository } from '@mdi/storage';
import { eventually, TEST_SERVICE_TOKEN } from '@mdi/testing';
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import pl from 'nodejs-polars';
import { SIM_TODAY } from '../test-support/ingestor-harness';
import { useIngestorWithSimulator } from '../test-support/use-ingestor-with-simulator';
import { runCli } from './ingestor-cli';

const REPO_ROOT = resolve(__dirname, '../../../..');
const WEEK = ['2025-11-18', '2025-11-19', '2025-11-20', '2025-11-21', '2025-11-24'];

interface Outcome {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** The CLI as its own process, started the way npm run starts it: in the repository root, INIT_CWD the operator's directory. */
function cli(args: string[], url: string, initCwd: string): Promise<Outcome> {
  return new Promise((done) => {
    const child = spawn(
      process.execPath,
      ['-r', '@swc-node/register', 'apps/polygon-ingestor/src/cli/ingestor-cli.ts', ...args],
      {
        cwd: REPO_ROOT,
        env: {
          PATH: process.env['PATH'],
          SWC_NODE_PROJECT: 'tsconfig.base.json',
          INGESTOR_URL: url,
          INTERNAL_API_TOKEN: TEST_SERVICE_TOKEN,
          INIT_CWD: initCwd,
        },
      },
    );
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    child.on('exit', (code) => done({ code, stdout, stderr }));
  });
}

/** The same entry point in this process (fast, for the usage cases); still real HTTP. */
async function inProcess(args: string[], url: string, cwd: string): Promise<Outcome> {
  let stdout = '';
  let stderr = '';
  const code = await runCli(
    args,
    { INGESTOR_URL: url, INTERNAL_API_TOKEN: TEST_SERVICE_TOKEN, INIT_CWD: cwd },
    { out: (t) => (stdout += `${t}\n`), err: (t) => (stderr += `${t}\n`), tty: false },
  );
  return { code, stdout, stderr };
}

describe('ingestor export', () => {
  const { ingestor } = useIngestorWithSimulator(
    { seed: 5, symbols: 100, today: SIM_TODAY, polygonRateLimit: 0, rateWindowMs: 1000 },
    {
      SEED_INITIAL_SYMBOLS: 'false',
      DATA_INGESTION_ACTIVE_SYMBOLS: 'AAPL,MSFT,NVDA',
      POLYGON_RATE_LIMIT_PER_MINUTE: '20',
    },
  );
  let dir: string;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'ingestor-export-'));
    const started = await ingestor.request('POST', '/backfill', {
      symbols: ['AAPL', 'MSFT'],
      from: WEEK[0],
      to: WEEK[4],
    });
    expect(started.status).toBe(202);
    await eventually(
      async () => (await ingestor.request('GET', `/backfill/runs/${started.body.run.id}`)).body.status === 'done',
      'the backfill',
      60_000,
    );
    // A planted gap: MSFT's call for one session failed and its bar is not stored.
    await new SymbolDataStatusRepository(ingestor.db.dataSource).upsertStatuses([
      { symbol: 'MSFT', date: WEEK[2], dataSource: 'polygon', status: 'failed', errorMessage: 'planted failure' },
    ]);
    await ingestor.db.dataSource.query(
      `DELETE FROM data_ingestion.market_data WHERE symbol = 'MSFT' AND timestamp = $1`,
      [etMidnight(WEEK[2] as string).toISOString()],
    );
  }, 120_000);

  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('writes the file where the operator stands, its coverage beside it, and names every gap', async () => {
    const run = await cli(
      [
        'export',
        '--symbols',
        'AAPL,MSFT',
        '--from',
        WEEK[0],
        '--to',
        WEEK[4],
        '--format',
        'parquet',
        '--out',
        'week.parquet',
      ],
      ingestor.baseUrl,
      dir,
    );
    expect(run).toMatchObject({ code: 0, stderr: '' });
    const path = join(dir, 'week.parquet');
    const frame = pl.readParquet(readFileSync(path));
    const stored = new MarketDataRepository(ingestor.db.dataSource);
    const expected = [
      ...(await stored.findBars('AAPL', etMidnight(WEEK[0]), etMidnight(WEEK[4]), 'polygon')),
      ...(await stored.findBars('MSFT', etMidnight(WEEK[0]), etMidnight(WEEK[4]), 'polygon')),
    ];
    expect(frame.select('symbol', 'close', 'volume').toRecords()).toEqual(
      expected.map((bar) => ({ symbol: bar.symbol, close: Number(bar.close), volume: Number(bar.volume) })),
    );
    const coverage = JSON.parse(readFileSync(`${path}.coverage.json`, 'utf8'));
    expect(coverage).toEqual(
      (await ingestor.request('GET', `/bars/export/coverage?symbols=AAPL,MSFT&from=${WEEK[0]}&to=${WEEK[4]}`)).body,
    );
    expect(coverage.symbols[1]).toMatchObject({ symbol: 'MSFT', expected: 5, stored: 4, failed: 1 });
    expect(run.stdout.split('\n')).toEqual([
      `wrote 9 bars of 2 symbols, ${WEEK[0]} to ${WEEK[4]}, to ${path} (${readFileSync(path).length} bytes)`,
      `coverage: ${path}.coverage.json`,
      '  MSFT: 1 of 5 sessions have no bar (1 failed)',
      '1 of 2 symbols have gaps',
      '',
    ]);
  }, 60_000);

  it('writes CSV and Arrow too, split-adjusted with --adjusted once the splits ledger is loaded', async () => {
    const csv = await inProcess(
      ['export', '--symbols', 'AAPL', '--from', WEEK[0], '--to', WEEK[4], '--format', 'csv', '--out', 'a.csv'],
      ingestor.baseUrl,
      dir,
    );
    expect(csv).toMatchObject({ code: 0, stderr: '' });
    expect(pl.readCSV(readFileSync(join(dir, 'a.csv'))).height).toBe(5);

    const refused = await inProcess(
      ['export', '--symbols', 'AAPL', '--adjusted', '--out', 'b.arrow'],
      ingestor.baseUrl,
      dir,
    );
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(/^409 the splits ledger has not been loaded yet/);
    expect(existsSync(join(dir, 'b.arrow'))).toBe(false);

    expect((await ingestor.request('POST', '/operations/corporate-actions')).status).toBe(202);
    await eventually(
      async () => (await ingestor.request('GET', '/status')).body.corporateActions.splitsCovered?.through === SIM_TODAY,
      'the splits ledger',
      30_000,
    );
    const arrow = await inProcess(
      [
        'export',
        '--symbols',
        'AAPL',
        '--from',
        WEEK[0],
        '--to',
        WEEK[4],
        '--adjusted',
        '--format',
        'arrow',
        '--out',
        'b.arrow',
      ],
      ingestor.baseUrl,
      dir,
    );
    expect(arrow).toMatchObject({ code: 0, stderr: '' });
    expect(arrow.stdout).toContain(', split-adjusted, to ');
    const frame = pl.readIPC(readFileSync(join(dir, 'b.arrow')));
    expect(frame.getColumn('adjusted').toArray()).toEqual([true, true, true, true, true]);
  }, 60_000);

  it('prints its usage for --help and exits 0', async () => {
    const help = await cli(['export', '--help'], ingestor.baseUrl, dir);
    expect(help).toMatchObject({ code: 0, stderr: '' });
    expect(help.stdout).toMatch(
      /^usage: ingestor export \[--symbols LIST\] \[--from YYYY-MM-DD\] \[--to YYYY-MM-DD\] \[--adjusted\] \[--source NAME\] \[--format FORMAT\] \[--out FILE\]\n/,
    );
    expect(help.stdout).toMatch(/\n {2}--out FILE +where to write the file \(required\)/);
    const main = await inProcess(['--help'], ingestor.baseUrl, dir);
    expect(main.stdout).toMatch(/\n {2}export +stored bars of many symbols/);
  });

  it('exits 2 naming a missing --out, a bad format or an unknown option; 1 with the reasons of a refusal', async () => {
    const usage = async (args: string[]) => {
      const outcome = await inProcess(['export', ...args], ingestor.baseUrl, dir);
      expect({ args, code: outcome.code, stdout: outcome.stdout }).toEqual({ args, code: 2, stdout: '' });
      expect(outcome.stderr).toContain('\nusage: ingestor export ');
      return outcome.stderr.split('\n')[0];
    };
    expect(await usage(['--symbols', 'AAPL'])).toBe('missing option --out FILE');
    expect(await usage(['--format', 'xlsx', '--out', 'x.xlsx'])).toBe(
      '--format must be parquet, csv, arrow, got "xlsx"',
    );
    expect(await usage(['--out', 'x.parquet', '--columns', 'close'])).toBe('unknown option --columns');
    expect(await usage(['--out'])).toBe('option --out needs a value (FILE)');
    expect(existsSync(join(dir, 'x.parquet'))).toBe(false);

    const refused = await inProcess(
      ['export', '--symbols', 'AAPL,ZZZZ', '--from', WEEK[4], '--to', WEEK[0], '--out', 'x.parquet'],
      ingestor.baseUrl,
      dir,
    );
    expect(refused).toEqual({
      code: 1,
      stdout: '',
      stderr: `400 invalid export request\n  - from ${WEEK[4]} is after to ${WEEK[0]}\n`,
    });
    const unknown = await inProcess(['export', '--symbols', 'AAPL,ZZZZ', '--out', 'x.parquet'], ingestor.baseUrl, dir);
    expect(unknown.stderr).toBe('400 invalid export request\n  - symbols: ZZZZ is not a symbol of the universe\n');
    expect(existsSync(join(dir, 'x.parquet'))).toBe(false);
  });
});
