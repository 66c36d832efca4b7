import { spawnSync } from 'node:child_process';
import { createServer, type Server } from 'node:http';
import { join } from 'node:path';
import { REPOSITORY_ROOT } from './local-defaults';

/** A port nothing listens on (taken from the system, then released). */
let closedPort = 0;
beforeAll(async () => {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  closedPort = (server.address() as { port: number }).port;
  await new Promise((resolve) => server.close(resolve));
});

/** `npm run cli -- ...` as a process: what a person types and sees. */
function cli(args: string[], env: NodeJS.ProcessEnv = {}): { status: number | null; stdout: string; stderr: string } {
  const result = spawnSync(
    process.execPath,
    ['-r', '@swc-node/register', join(REPOSITORY_ROOT, 'tools/local-run/src/cli.ts'), ...args],
    {
      cwd: REPOSITORY_ROOT,
      env: {
        PATH: process.env['PATH'],
        SWC_NODE_PROJECT: 'tsconfig.base.json',
        GATEWAY_URL: `http://127.0.0.1:${closedPort}`,
        ...env,
      },
      encoding: 'utf8',
      timeout: 60_000,
    },
  );
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

describe('npm run cli', () => {
  it('--help and -h list every command and exit 0', () => {
    for (const flag of ['--help', '-h']) {
      const { status, stdout } = cli([flag]);
      expect(status).toBe(0);
      for (const command of [
        'health',
        'status',
        'connectivity',
        'validate',
        'backfill',
        'eod',
        'gap-repair',
        'reference-sync',
        'symbols',
        'export',
      ]) {
        expect(stdout).toMatch(new RegExp(`^  ${command} `, 'm'));
      }
    }
  }, 60_000);

  it('every command has its --help (exit 0), the delegated ones from their own tool', () => {
    expect(cli(['health', '--help'])).toMatchObject({
      status: 0,
      stdout: expect.stringContaining('usage: npm run cli -- health [--json]'),
    });
    expect(cli(['status', '-h'])).toMatchObject({
      status: 0,
      stdout: expect.stringContaining('usage: npm run cli -- status [--json]'),
    });
    expect(cli(['connectivity', '--help'])).toMatchObject({
      status: 0,
      stdout: expect.stringContaining('usage: npm run cli -- connectivity'),
    });
    expect(cli(['backfill', '--help'])).toMatchObject({ status: 0, stdout: expect.stringContaining('backfill plan') });
    expect(cli(['eod', '--help'])).toMatchObject({ status: 0 });
    expect(cli(['export', '--help'])).toMatchObject({ status: 0, stdout: expect.stringContaining('--out FILE') });
    expect(cli(['validate', '--help'])).toMatchObject({ status: 0, stdout: expect.stringContaining('--store') });
  }, 120_000);

  it('a mistake exits 2 naming it', () => {
    expect(cli([])).toMatchObject({ status: 2, stderr: expect.stringMatching(/^missing command\n/) });
    expect(cli(['stauts'])).toMatchObject({
      status: 2,
      stderr: expect.stringMatching(/^unknown command "stauts" \(did you mean "status"\?\)\n/),
    });
    expect(cli(['gaprepair'])).toMatchObject({
      status: 2,
      stderr: expect.stringMatching(/^unknown command "gaprepair" \(did you mean "gap-repair"\?\)\n/),
    });
    // Nothing close: no guess.
    expect(cli(['deploy'])).toMatchObject({ status: 2, stderr: expect.stringMatching(/^unknown command "deploy"\n/) });
    expect(cli(['--verbose'])).toMatchObject({
      status: 2,
      stderr: expect.stringMatching(/^unknown option --verbose\n/),
    });
    expect(cli(['status', '--jsno'])).toMatchObject({
      status: 2,
      stderr: expect.stringMatching(/^unknown option --jsno\n/),
    });
    expect(cli(['connectivity', 'now'])).toMatchObject({
      status: 2,
      stderr: expect.stringMatching(/^unexpected argument now\n/),
    });
    expect(cli(['backfill', 'walk'])).toMatchObject({
      status: 2,
      stderr: expect.stringContaining('unknown command "backfill walk"'),
    });
  }, 120_000);

  it('says where it looked when no system runs', () => {
    const { status, stderr } = cli(['status']);
    expect(status).toBe(1);
    expect(stderr).toBe(
      `cannot reach the gateway at http://127.0.0.1:${closedPort}: ECONNREFUSED; is the system running (npm start)? GATEWAY_URL sets the address\n`,
    );
  }, 60_000);

  describe('against a gateway', () => {
    let server: Server;
    let url: string;
    const answers: Record<string, [number, unknown]> = {
      '/health': [
        503,
        {
          status: 'degraded',
          services: {
            'polygon-ingestor': { state: 'up' },
            'quality-service': { state: 'down', reason: 'connection refused (not running?)' },
          },
          redis: { state: 'up' },
        },
      ],
      '/status': [
        200,
        {
          services: { 'polygon-ingestor': { state: 'up' }, 'quality-service': { state: 'unreachable' } },
          providers: 'simulated',
          universe: { total: 100, active: 99, suspended: 1, delisted: 0 },
          backfill: {
            enabled: true,
            current: {
              id: 3,
              status: 'running',
              calls: { made: 40, failed: 0, planned: 100 },
              cells: { done: 20040, total: 50100 },
              percent: 40,
              eta: '15s',
              waiting: null,
            },
            recent: [],
          },
          budgets: {
            polygon: { callsPerWindow: 4, windowMs: 1000, usedInCurrentWindow: 3, paused: null, circuit: 'closed' },
          },
        },
      ],
    };

    beforeAll(async () => {
      server = createServer((request, response) => {
        const [code, body] = answers[request.url ?? ''] ?? [404, { message: 'not found' }];
        response.writeHead(code, { 'content-type': 'application/json' }).end(JSON.stringify(body));
      });
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
      url = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
    });

    afterAll(() => new Promise((resolve) => server.close(resolve)));

    it('health: the verdict naming what is down, one line per service, exit 1 while not healthy', async () => {
      const result = await cliAsync(['health'], { GATEWAY_URL: url });
      expect(result.status).toBe(1);
      expect(result.stdout).toBe(
        'not healthy (HTTP 503): quality-service\n  polygon-ingestor  up\n  quality-service   down: connection refused (not running?)\n  redis             up\n',
      );
    }, 60_000);

    it('status: a summary for a person, or the answer itself with --json', async () => {
      const summary = await cliAsync(['status'], { GATEWAY_URL: url });
      expect(summary.status).toBe(0);
      expect(summary.stdout).toContain('data       SIMULATED (the provider simulator, not market data)\n');
      expect(summary.stdout).toContain('universe   99 active, 1 suspended, 0 delisted (100 symbols)\n');
      expect(summary.stdout).toContain('backfill   run #3 running: 40/100 calls, 20,040/50,100 cells (40%), ETA 15s\n');
      expect(summary.stdout).toContain('polygon    4 calls per second, 3 used now, circuit closed\n');
      const json = await cliAsync(['status', '--json'], { GATEWAY_URL: url });
      expect(JSON.parse(json.stdout)).toEqual(answers['/status'][1]);
    }, 60_000);
  });
});

/** The CLI as a process without blocking this one (the stand-in gateway answers from this process). */
async function cliAsync(
  args: string[],
  env: NodeJS.ProcessEnv,
): Promise<{ status: number | null; stdout: string; stderr: string }> {
  const { spawn } = await import('node:child_process');
  return new Promise((resolve) => {
    const child = spawn(
      process.execPath,
      ['-r', '@swc-node/register', join(REPOSITORY_ROOT, 'tools/local-run/src/cli.ts'), ...args],
      {
        cwd: REPOSITORY_ROOT,
        env: { PATH: process.env['PATH'], SWC_NODE_PROJECT: 'tsconfig.base.json', ...env },
      },
    );
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk) => (stdout += chunk));
    child.stderr.on('data', (chunk) => (stderr += chunk));
    child.on('exit', (status) => resolve({ status, stdout, stderr }));
  });
}
