import { startProviderSimulator, type ProviderSimulator } from '@mdi/testing';
import { spawn } from 'node:child_process';
import { resolve } from 'node:path';
import { SIM_TODAY, startIngestor, type IngestorHarness } from '../test-support/ingestor-harness';
import { progressLine } from './progress-bar';

const REPO_ROOT = resolve(__dirname, '../../../..');

/** The CLI as its own process, as an operator runs it. */
function cli(args: string[], url: string): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((done) => {
    const child = spawn(process.execPath, ['-r', '@swc-node/register', 'apps/polygon-ingestor/src/cli/ingestor-cli.ts', ...args], {
      cwd: REPO_ROOT,
      env: { PATH: process.env['PATH'], SWC_NODE_PROJECT: 'tsconfig.base.json', INGESTOR_URL: url },
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    child.on('exit', (code) => done({ code, stdout, stderr }));
  });
}

describe('ingestor CLI', () => {
  let sim: ProviderSimulator;
  let ingestor: IngestorHarness;

  beforeAll(async () => {
    sim = await startProviderSimulator({ seed: 2, symbols: 100, today: SIM_TODAY, polygonRateLimit: 5, rateWindowMs: 1000 });
    ingestor = await startIngestor(sim, { SEED_INITIAL_SYMBOLS: 'false', DATA_INGESTION_ACTIVE_SYMBOLS: 'AAPL,MSFT,NVDA' });
  }, 60_000);

  afterAll(async () => {
    await ingestor?.close();
    await sim?.stop();
  });

  it('draws a progress bar', () => {
    expect(progressLine({ id: 1, status: 'running', cells: { done: 15030, total: 50100 }, calls: { made: 30, planned: 100 }, percent: 30, eta: '17s' })).toBe(
      '[#########.....................]  30.0%  cells 15030/50100  calls 30/100  ETA 17s',
    );
  });

  it('lists and suspends symbols', async () => {
    const list = await cli(['symbols', 'list'], ingestor.baseUrl);
    expect(list.code).toBe(0);
    expect(JSON.parse(list.stdout).count).toBe(3);
    const suspended = await cli(['symbols', 'suspend', 'NVDA'], ingestor.baseUrl);
    expect(JSON.parse(suspended.stdout).status).toBe('suspended');
    expect(JSON.parse((await cli(['symbols', 'list', '--status', 'active'], ingestor.baseUrl)).stdout).count).toBe(2);
  }, 60_000);

  it('prints the reasons of a refusal and exits 1; a usage error exits 2', async () => {
    const bad = await cli(['backfill', 'plan', '--from', '2025-13-01'], ingestor.baseUrl);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain('400 invalid backfill request\n  - from must be a YYYY-MM-DD date, got "2025-13-01"');
    const usage = await cli(['backfill', 'go', '--force'], ingestor.baseUrl);
    expect(usage.code).toBe(2);
    expect(usage.stderr).toMatch(/^unknown option --force\nusage: ingestor/);
  }, 60_000);

  it('plans, then runs a backfill to the end with a progress bar', async () => {
    const plan = await cli(['backfill', 'plan'], ingestor.baseUrl);
    expect(JSON.parse(plan.stdout).calls).toEqual({ total: 2, groupedDaily: 0, aggregatesRange: 2 });
    const run = await cli(['backfill', 'run', '--interval-ms', '200'], ingestor.baseUrl);
    expect(run.code).toBe(0);
    const lines = run.stdout.trim().split('\n');
    expect(lines[0]).toMatch(/^run \d+: 2 calls for \d+ cells, about 1s at the budget$/);
    expect(lines[lines.length - 1]).toMatch(/^\[#{30}\] 100\.0% {2}cells (\d+)\/\1 {2}calls 2\/2 {2}done$/);
  }, 60_000);
});
