import { TEST_SERVICE_TOKEN } from '@mdi/testing';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { SIM_TODAY } from '../test-support/ingestor-harness';
import { useIngestorWithSimulator } from '../test-support/use-ingestor-with-simulator';
import { runCli } from './ingestor-cli';
import { progressLine } from './progress-bar';

const REPO_ROOT = resolve(__dirname, '../../../..');

interface Outcome {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** The CLI as its own process, as an operator runs it. */
function cli(args: string[], url: string): Promise<Outcome> {
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

/** The same entry point in this process (fast, for the many usage cases); still real HTTP. */
async function inProcess(
  args: string[],
  url: string,
  env: NodeJS.ProcessEnv = { INTERNAL_API_TOKEN: TEST_SERVICE_TOKEN },
): Promise<Outcome> {
  let stdout = '';
  let stderr = '';
  const code = await runCli(
    args,
    { INGESTOR_URL: url, ...env },
    { out: (t) => (stdout += `${t}\n`), err: (t) => (stderr += `${t}\n`), tty: false },
  );
  return { code, stdout, stderr };
}

const COMMANDS: string[][] = [
  ['symbols', 'list'],
  ['symbols', 'add', 'AAPL'],
  ['symbols', 'remove', 'AAPL'],
  ['symbols', 'suspend', 'AAPL'],
  ['symbols', 'activate', 'AAPL'],
  ['backfill', 'plan'],
  ['backfill', 'run'],
  ['status'],
  ['eod'],
  ['reference-sync'],
  ['gap-repair'],
  ['corporate-actions'],
];
const words = (command: string[]) => command.filter((w) => w !== 'AAPL').join(' ');

describe('ingestor CLI', () => {
  const { ingestor } = useIngestorWithSimulator(
    { seed: 2, symbols: 100, today: SIM_TODAY, polygonRateLimit: 5, rateWindowMs: 1000 },
    {
      SEED_INITIAL_SYMBOLS: 'false',
      DATA_INGESTION_ACTIVE_SYMBOLS: 'AAPL,MSFT,NVDA',
    },
  );

  it('draws a progress bar', () => {
    expect(
      progressLine({
        id: 1,
        status: 'running',
        cells: { done: 15030, total: 50100 },
        calls: { made: 30, planned: 100 },
        percent: 30,
        eta: '17s',
      }),
    ).toBe('[#########.....................]  30.0%  cells 15030/50100  calls 30/100  ETA 17s');
  });

  it('prints the usage for --help and -h, of the CLI and of every group and command, and exits 0', async () => {
    for (const flag of ['--help', '-h']) {
      const main = await cli([flag], ingestor.baseUrl);
      expect(main).toMatchObject({ code: 0, stderr: '' });
      expect(main.stdout).toMatch(/^usage: ingestor <command> \[arguments\] \[options\]\n/);
      for (const command of COMMANDS)
        expect(main.stdout).toContain(`\n  ${command.join(' ').replace('AAPL', 'SYMBOL')} `);
      expect(main.stdout).toContain('exit codes: 0 done, 1 refused or failed (the reasons are printed), 2 usage error');
    }
    const eod = await cli(['eod', '-h'], ingestor.baseUrl);
    expect(eod).toMatchObject({ code: 0, stderr: '' });
    expect(eod.stdout).toMatch(/^usage: ingestor eod \[--date YYYY-MM-DD\] \[--json\]\n/);
    expect(eod.stdout).toMatch(/\n {2}--date YYYY-MM-DD {2}fetch this one session/);
    for (const group of ['symbols', 'backfill']) {
      const help = await inProcess([group, '--help'], ingestor.baseUrl);
      expect(help.code).toBe(0);
      expect(help.stdout).toMatch(new RegExp(`^usage: ingestor ${group} <`));
    }
    for (const command of COMMANDS) {
      for (const flag of ['--help', '-h']) {
        const help = await inProcess([...command, flag], ingestor.baseUrl);
        expect({ command, flag, code: help.code, stderr: help.stderr }).toEqual({ command, flag, code: 0, stderr: '' });
        expect(help.stdout).toMatch(new RegExp(`^usage: ingestor ${words(command)} `));
        expect(help.stdout).toContain('\n  -h, --help');
      }
    }
    // Help is a read: nothing was changed.
    expect(await ingestor.scalar(`SELECT count(*) FROM data_ingestion.symbols WHERE status = 'active'`)).toBe(3);
  }, 60_000);

  it('exits 2 naming an unknown option, a missing argument or value, an unknown command', async () => {
    const usage = await cli(['backfill', 'plan', '--force'], ingestor.baseUrl);
    expect(usage.code).toBe(2);
    expect(usage.stderr).toMatch(/^unknown option --force\nusage: ingestor backfill plan /);
    for (const command of COMMANDS) {
      const bogus = await inProcess([...command, '--bogus'], ingestor.baseUrl);
      expect({ command, code: bogus.code }).toEqual({ command, code: 2 });
      expect(bogus.stderr).toMatch(new RegExp(`^unknown option --bogus\\nusage: ingestor ${words(command)} `));
    }
    const cases: [string[], string][] = [
      [['symbols', 'add'], 'missing argument SYMBOL\nusage: ingestor symbols add SYMBOL'],
      [['eod', '--date'], 'option --date needs a value (YYYY-MM-DD)\nusage: ingestor eod'],
      [['status', 'now'], 'unexpected argument "now"\nusage: ingestor status'],
      [['symbols'], 'missing command after symbols (list, add, remove, suspend, activate)\nusage: ingestor symbols'],
      [['backfill', 'go'], 'unknown command "backfill go"\nusage: ingestor backfill'],
      [['sync'], 'unknown command "sync"\nusage: ingestor <command>'],
      [['status', '-x'], 'unknown option -x\nusage: ingestor status'],
      [['gap-repair', '--json=yes'], 'option --json takes no value\nusage: ingestor gap-repair'],
      [[], 'missing command\nusage: ingestor <command>'],
    ];
    for (const [args, start] of cases) {
      const outcome = await inProcess(args, ingestor.baseUrl);
      expect({ args, code: outcome.code, stdout: outcome.stdout }).toEqual({ args, code: 2, stdout: '' });
      expect(outcome.stderr.startsWith(start)).toBe(true);
    }
  }, 60_000);

  it('lists and suspends symbols, as a table and as JSON', async () => {
    const list = await cli(['symbols', 'list'], ingestor.baseUrl);
    expect(list.code).toBe(0);
    expect(list.stdout).toBe(
      [
        'SYMBOL  STATUS  EXCHANGE  SECTOR  NAME',
        'AAPL    active  -         -       -',
        'MSFT    active  -         -       -',
        'NVDA    active  -         -       -',
        '3 symbols',
        '',
      ].join('\n'),
    );
    const suspended = await cli(['symbols', 'suspend', 'NVDA'], ingestor.baseUrl);
    expect(suspended.stdout).toBe('suspended NVDA: suspended\n');
    const json = await cli(['symbols', 'list', '--status', 'active', '--json'], ingestor.baseUrl);
    expect(JSON.parse(json.stdout).count).toBe(2);
  }, 60_000);

  it('prints the reasons of a refusal and exits 1', async () => {
    const bad = await cli(['backfill', 'plan', '--from', '2025-13-01'], ingestor.baseUrl);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain('400 invalid backfill request\n  - from must be a YYYY-MM-DD date, got "2025-13-01"');
    const badDate = await cli(['eod', '--date', '2025-13-01'], ingestor.baseUrl);
    expect(badDate).toMatchObject({
      code: 1,
      stdout: '',
      stderr: '400 invalid end-of-day request\n  - date must be a YYYY-MM-DD date, got "2025-13-01"\n',
    });
    const weekend = await inProcess(['eod', '--date=2025-11-22'], ingestor.baseUrl);
    expect(weekend).toMatchObject({
      code: 1,
      stderr:
        '400 invalid end-of-day request\n  - date 2025-11-22 is not a trading session (a Saturday: the market was closed)\n',
    });
    const unreachable = await inProcess(['status'], 'http://127.0.0.1:1');
    expect(unreachable.code).toBe(1);
    expect(unreachable.stderr).toMatch(/^cannot reach the ingestor at http:\/\/127\.0\.0\.1:1: fetch failed/);
  }, 60_000);

  it('sends the service token from INTERNAL_API_TOKEN, or from the file npm start wrote; without the right one a write is refused and changes nothing', async () => {
    const symbols = () => ingestor.scalar(`SELECT count(*) FROM data_ingestion.symbols WHERE status = 'suspended'`);
    const before = await symbols();
    const wrong = await inProcess(['symbols', 'suspend', 'MSFT'], ingestor.baseUrl, {
      INTERNAL_API_TOKEN: 'not-the-service-token-0123',
    });
    expect(wrong).toMatchObject({ code: 1, stdout: '' });
    expect(wrong.stderr).toBe(
      "401 invalid service token in the Authorization header\n  set INTERNAL_API_TOKEN to the ingestor's service token (npm start writes the local one to .local/internal-api-token)\n",
    );
    const dir = mkdtempSync(join(tmpdir(), 'mdi-cli-token-'));
    try {
      const defaults = join(dir, 'local.env');
      writeFileSync(defaults, `INTERNAL_API_TOKEN_FILE=${join(dir, 'missing')}\n`);
      const none = await inProcess(['symbols', 'suspend', 'MSFT'], ingestor.baseUrl, { LOCAL_DEFAULTS_FILE: defaults });
      expect(none.stderr).toMatch(
        /^401 missing Authorization header: write endpoints take "Authorization: Bearer <INTERNAL_API_TOKEN>"\n/,
      );
      expect(await symbols()).toBe(before);
      writeFileSync(join(dir, 'written-by-npm-start'), `${TEST_SERVICE_TOKEN}\n`);
      writeFileSync(defaults, `INTERNAL_API_TOKEN_FILE=${join(dir, 'written-by-npm-start')}\n`);
      const fromFile = await inProcess(['symbols', 'suspend', 'MSFT'], ingestor.baseUrl, {
        LOCAL_DEFAULTS_FILE: defaults,
      });
      expect(fromFile).toMatchObject({ code: 0, stdout: 'suspended MSFT: suspended\n' });
      expect(await symbols()).toBe(before + 1);
      expect((await inProcess(['symbols', 'activate', 'MSFT'], ingestor.baseUrl)).code).toBe(0);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 60_000);

  it('plans, then runs a backfill to the end with a progress bar', async () => {
    const plan = await cli(['backfill', 'plan', '--json'], ingestor.baseUrl);
    expect(JSON.parse(plan.stdout).calls).toEqual({ total: 2, groupedDaily: 0, aggregatesRange: 2, stockBars: 0 });
    const human = await inProcess(['backfill', 'plan'], ingestor.baseUrl);
    expect(human.stdout).toMatch(
      /^plan 2023-11-24\.\.2025-11-24: 2 symbols x \d+ sessions = \d+ cells, \d+ missing\n2 calls \(0 grouped-daily, 2 aggregates-range; \d+ at one call per cell\), about 1s at 4 calls per 1 s\n$/,
    );
    const run = await cli(['backfill', 'run', '--interval-ms', '200'], ingestor.baseUrl);
    expect(run.code).toBe(0);
    const lines = run.stdout.trim().split('\n');
    expect(lines[0]).toMatch(/^run \d+: 2 calls for \d+ cells, about 1s at the budget$/);
    expect(lines[lines.length - 1]).toMatch(/^\[#{30}\] 100\.0% {2}cells (\d+)\/\1 {2}calls 2\/2 {2}done$/);
  }, 60_000);

  it('runs end-of-day, reference sync, gap repair and corporate actions with a summary, or JSON with --json', async () => {
    expect((await cli(['symbols', 'activate', 'NVDA'], ingestor.baseUrl)).stdout).toBe('activated NVDA: active\n');

    const eod = await cli(['eod'], ingestor.baseUrl);
    expect(eod.code).toBe(0);
    expect(eod.stdout).toBe(
      [
        'end-of-day up to 2025-11-24 (the last session Polygon has published)',
        ...['2025-11-18', '2025-11-19', '2025-11-20', '2025-11-21', '2025-11-24'].map(
          (d) => `  ${d}  grouped-daily|${d}  added`,
        ),
        '5 calls enqueued (one grouped-daily call per session covers the whole universe), 0 already queued',
        '',
      ].join('\n'),
    );
    const oneDate = await cli(['eod', '--date', '2025-11-17', '--json'], ingestor.baseUrl);
    expect(oneDate.code).toBe(0);
    expect(JSON.parse(oneDate.stdout)).toEqual({
      lastSession: '2025-11-24',
      date: '2025-11-17',
      enqueued: [{ date: '2025-11-17', jobId: 'grouped-daily|2025-11-17', status: 'added' }],
    });

    const sync = await cli(['reference-sync'], ingestor.baseUrl);
    expect(sync.code).toBe(0);
    expect(sync.stdout).toMatch(
      /^reference sync: 2 ticker listings \(inactive, active\)\n {2}inactive {2}reference-tickers\|\S+ {2}added\n {2}active {4}reference-tickers\|\S+ {2}added\n2 calls enqueued now, 0 already queued or done today/,
    );
    const syncJson = await inProcess(['reference-sync', '--json'], ingestor.baseUrl);
    expect(JSON.parse(syncJson.stdout).enqueued.map((e: { status: string }) => e.status)).toEqual([
      'already-queued',
      'already-queued',
    ]);

    const repair = await cli(['gap-repair'], ingestor.baseUrl);
    expect(repair.code).toBe(0);
    expect(repair.stdout).toMatch(
      /^gap repair: run \d+ enqueued \d+ calls? for \d+ missing cells \(3 symbols, 2023-11-24\.\.2025-11-24\), about \S+ at the budget; `ingestor status` follows it\n$/,
    );

    const actions = await cli(['corporate-actions'], ingestor.baseUrl);
    expect(actions.stdout).toBe(
      [
        'corporate actions: 2 listings enqueued',
        '  splits     2023-11-24..2025-11-24  splits|2023-11-24|2025-11-24',
        '  dividends  2023-11-24..2025-11-24  dividends|2023-11-24|2025-11-24',
        'at least 2 calls (one per listing page; each further page is one more call)',
        '',
      ].join('\n'),
    );
    const actionsJson = await inProcess(['corporate-actions', '--json'], ingestor.baseUrl);
    // The first listings may have finished already, and a covered type is not enqueued again.
    for (const listing of JSON.parse(actionsJson.stdout).enqueued) {
      expect(listing).toEqual({
        kind: expect.stringMatching(/^(split|dividend)$/),
        from: '2023-11-24',
        to: '2025-11-24',
        jobId: expect.stringMatching(/^(splits|dividends)\|/),
      });
    }

    const status = await cli(['status'], ingestor.baseUrl);
    expect(status.code).toBe(0);
    expect(status.stdout).toMatch(
      /^polygon-ingestor pid \d+, up \d+ s\nuniverse: 3 symbols \(3 active, 0 suspended, 0 delisted\)\nend-of-day: last stored session \S+, last published 2025-11-24/,
    );
    expect(JSON.parse((await inProcess(['status', '--json'], ingestor.baseUrl)).stdout).universe).toEqual({
      total: 3,
      active: 3,
      suspended: 0,
      delisted: 0,
    });
  }, 90_000);
});
