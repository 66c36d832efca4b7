import { spawnSync } from 'node:child_process';
import {
  npmStart,
  portAnswers,
  prepareLocalSystem,
  processesIn,
  query,
  type LocalSystemSetup,
  type NpmStart,
} from './test-support/local-system';

// Answers of the gateway and the simulator, read field by field.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Json = any;

/** The README's promise: 100 symbols x 2 years stored within about a minute of "ready" in simulator mode. */
const BACKFILL_WITHIN_MS = 90_000;
/** Build (a clean clone has no Nx cache), migrate, start: minutes on two shared cores. */
const READY_WITHIN_MS = 8 * 60_000;

/**
 * `npm start` from a clean clone in simulator mode, twice: the first is
 * interrupted (SIGINT, as Ctrl-C) in the middle of the initial backfill and
 * leaves no process and no listening port; the second resumes the same run
 * without repeating a stored call, stores every symbol's 2-year history
 * within BACKFILL_WITHIN_MS of "ready", answers the CLI, and stops cleanly.
 * About 6 to 10 minutes (mostly the build); the timeouts say so.
 */
describe('npm start from a clean clone (simulator mode)', () => {
  let setup: LocalSystemSetup;
  let system: NpmStart | undefined;
  let doneBeforeInterrupt = 0;
  let planned = 0;

  beforeAll(async () => {
    setup = await prepareLocalSystem();
  }, 120_000);

  afterAll(async () => {
    await system?.interrupt().catch(() => undefined);
    await setup?.remove();
  }, 60_000);

  const sql = <T = Json>(text: string, params: unknown[] = []) => query<T>(setup.databaseUrl, text, params);
  const json = async (url: string): Promise<{ status: number; body: Json }> => {
    const response = await fetch(url);
    return { status: response.status, body: await response.json() };
  };

  async function expectEverythingStopped(run: NpmStart, code: number | string | null): Promise<void> {
    // npm dies of the SIGINT itself (as in a terminal); the supervisor it ran exits 0 after stopping everything.
    expect([0, 'SIGINT']).toContain(code);
    expect(run.lines.at(-1)).toMatch(/^== stopped by Ctrl-C: every process it started has exited; ports .* are free$/);
    for (const port of Object.values(setup.ports)) expect(await portAnswers(port)).toBe(false);
    expect(processesIn(setup.dir)).toEqual([]);
  }

  it(
    'prints the banner, turns the gateway healthy, starts the backfill by itself, and stops on SIGINT leaving nothing behind',
    async () => {
      system = npmStart(setup);
      const ready = await system.waitForLine(/^== ready after /, READY_WITHIN_MS);
      const banner = system.lines.join('\n');
      expect(banner).toContain(`status page     http://127.0.0.1:${setup.ports.gateway}/`);
      expect(banner).toMatch(/data {12}SIMULATED: Polygon and Alpaca served by the provider simulator/);
      expect(banner).toContain(
        'Polygon budget  4 calls per second (compressed for the simulator, which allows 5 per second',
      );
      expect(banner).toContain('logs            .local/logs/<service>.log');
      expect(system.lines.some((line) => line.startsWith('{'))).toBe(false);
      expect((await json(`http://127.0.0.1:${setup.ports.gateway}/health`)).status).toBe(200);
      const status = await json(`http://127.0.0.1:${setup.ports.gateway}/status`);
      expect(status.body.providers).toBe('simulated');

      await system.waitForLine(/^== initial backfill: run #1, 100 calls for 100 symbols/, 30_000);
      // Interrupt once some calls are stored and most are not.
      const deadline = Date.now() + 60_000;
      for (;;) {
        const [row] = await sql<{ done: string; total: string }>(
          `SELECT count(*) FILTER (WHERE status = 'done') AS done, count(*) AS total FROM data_ingestion.backfill_calls`,
        );
        if (Number(row.done) >= 10 || Date.now() > deadline) break;
        await new Promise((resolve) => setTimeout(resolve, 200));
      }
      const code = await system.interrupt();
      const [row] = await sql<{ done: string; total: string }>(
        `SELECT count(*) FILTER (WHERE status = 'done') AS done, count(*) AS total FROM data_ingestion.backfill_calls`,
      );
      doneBeforeInterrupt = Number(row.done);
      planned = Number(row.total);
      expect(planned).toBe(100);
      expect(doneBeforeInterrupt).toBeGreaterThanOrEqual(10);
      expect(doneBeforeInterrupt).toBeLessThan(100);
      await expectEverythingStopped(system, code);
      expect(ready.at - system.startedAt).toBeLessThan(READY_WITHIN_MS);
    },
    READY_WITHIN_MS + 3 * 60_000,
  );

  it(
    "a second npm start resumes the run without repeating a call and stores every symbol's 2 years within the documented time",
    async () => {
      system = npmStart(setup);
      const ready = await system.waitForLine(/^== ready after /, 5 * 60_000);
      const complete = await system.waitForLine(/^== initial backfill complete: /, BACKFILL_WITHIN_MS + 30_000);
      expect(complete.at - ready.at).toBeLessThan(BACKFILL_WITHIN_MS);

      const runs = await sql<{ id: string; status: string }>('SELECT id, status FROM data_ingestion.backfill_runs');
      expect(runs).toEqual([{ id: '1', status: 'done' }]);
      // The simulator started with this npm start: every Polygon range call it counted is one the first did not make.
      const stats = await json(`http://127.0.0.1:${setup.ports.sim}/__sim/stats`);
      const rangeCalls = stats.body.sinceReset.byEndpoint['polygon.aggs.range'] ?? 0;
      expect(rangeCalls).toBe(planned - doneBeforeInterrupt);

      // Every active symbol has every session of the run's window settled, and its bars stored.
      const [window] = await sql<{ from: string; to: string }>(
        `SELECT from_date::text AS from, to_date::text AS to FROM data_ingestion.backfill_runs WHERE id = 1`,
      );
      const perSymbol = await sql<{ symbol: string; settled: string; bars: string }>(
        `SELECT s.symbol,
              (SELECT count(*) FROM data_ingestion.symbol_data_status d WHERE d.symbol = s.symbol AND d.status IN ('success', 'no_data') AND d.date BETWEEN $1 AND $2) AS settled,
              (SELECT count(*) FROM data_ingestion.market_data m WHERE m.symbol = s.symbol) AS bars
         FROM data_ingestion.symbols s WHERE s.status = 'active' ORDER BY s.symbol`,
        [window.from, window.to],
      );
      expect(perSymbol).toHaveLength(100);
      const sessions = Math.max(...perSymbol.map((r) => Number(r.settled)));
      expect(sessions).toBeGreaterThan(495);
      expect(perSymbol.filter((r) => Number(r.settled) !== sessions || Number(r.bars) === 0)).toEqual([]);

      // The CLI from a fresh shell in the clone: the same defaults, this system's gateway.
      const status = spawnSync('npm', ['run', '--silent', 'cli', '--', 'status'], {
        cwd: setup.dir,
        env: { PATH: process.env['PATH'], HOME: process.env['HOME'], GATEWAY_PORT: String(setup.ports.gateway) },
        encoding: 'utf8',
      });
      expect(status.status).toBe(0);
      expect(status.stdout).toContain('data       SIMULATED (the provider simulator, not market data)\n');
      expect(status.stdout).toContain('backfill   last run #1 done (');

      const code = await system.interrupt();
      await expectEverythingStopped(system, code);
    },
    9 * 60_000,
  );
});
