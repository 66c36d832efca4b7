import type { OpenAPIObject } from '@nestjs/swagger';
import {
  describeFinding,
  fuzzRoutes,
  sendHostileRequest,
  type FuzzFinding,
  type FuzzReport,
  type FuzzTarget,
} from './fuzz-routes';
import type { HostileRequest } from './hostile-requests';
import { fuzzOperations } from './openapi-operations';

/**
 * A 5xx the fuzzer found that is not fixed yet, with the request that
 * reproduces it. The suite replays the request and requires it still to
 * fail: when a fix lands the suite fails until the entry is removed, so the
 * list only shrinks. Meanwhile the fuzz run tolerates the 5xx of that route
 * that `matches` (every 5xx of the route when it is absent); any other 5xx
 * still fails the run.
 */
export interface Known5xx {
  readonly route: string;
  /** Sent as it is, except that `authorization` gets the running service's token. */
  readonly request: HostileRequest;
  /** What goes wrong, for the reader of the list. */
  readonly why: string;
  /** Which generated requests of the route this entry stands for. */
  readonly matches?: (request: HostileRequest) => boolean;
}

/** Whether a finding is one a known 5xx entry stands for. */
export function isKnown5xx(finding: FuzzFinding, known: readonly Known5xx[]): boolean {
  return (
    finding.kind === '5xx' &&
    known.some((entry) => entry.route === finding.route && (entry.matches?.(finding.request) ?? true))
  );
}

export interface HostileInputSubject {
  readonly target: FuzzTarget;
  close(): Promise<void>;
}

export interface HostileInputOptions {
  /** Random requests per route, at most, after the systematic ones (default 100). */
  readonly runsPerRoute?: number;
  /** Bound on the fuzzing itself, start-up not included (default 45 s). */
  readonly timeBudgetMs?: number;
  readonly known5xx?: readonly Known5xx[];
}

/** The seed every run uses unless FUZZ_SEED names another, so CI is repeatable; try others with FUZZ_SEED=<n>. */
export const DEFAULT_FUZZ_SEED = 20_261_203;

/** FUZZ_SEED (an integer) or the default; FUZZ_ROUTE limits the run to one route id. */
export function fuzzSeed(): number {
  const configured = process.env['FUZZ_SEED'];
  if (configured === undefined || configured === '') return DEFAULT_FUZZ_SEED;
  const seed = Number(configured);
  if (!Number.isSafeInteger(seed)) throw new Error(`FUZZ_SEED must be an integer, got "${configured}"`);
  return seed;
}

function summary(name: string, report: FuzzReport, known: readonly Known5xx[]): string {
  const requests = report.runs.reduce((total, run) => total + run.systematic + run.random, 0);
  const statuses: Record<string, number> = {};
  for (const run of report.runs)
    for (const [status, count] of Object.entries(run.statuses)) statuses[status] = (statuses[status] ?? 0) + count;
  return [
    `${name} fuzz: seed ${report.seed}, ${report.runs.length} routes, ${requests} requests in ${(report.elapsedMs / 1000).toFixed(1)} s; statuses ${JSON.stringify(statuses)}`,
    ...report.runs.map(
      (run) =>
        `  ${run.route}: ${run.systematic} systematic + ${run.random} random${run.interrupted ? ' (time share spent)' : ''} ${JSON.stringify(run.statuses)}`,
    ),
    ...report.findings.map((finding) => `  ${isKnown5xx(finding, known) ? '(known) ' : ''}${describeFinding(finding)}`),
  ].join('\n');
}

/**
 * The schema-driven fuzz test of one service: reads its /openapi.json,
 * sends hostile requests generated for every route (see hostileRequests)
 * and requires every answer to be 2xx or 4xx, every 4xx write to leave the
 * stored state unchanged, and the service to be live afterwards. Known,
 * unfixed 5xx are listed in `known5xx` and must still fail.
 */
export function itSurvivesHostileRequests(
  name: string,
  start: () => Promise<HostileInputSubject>,
  options: HostileInputOptions = {},
): void {
  const known = options.known5xx ?? [];
  const timeBudgetMs = options.timeBudgetMs ?? 45_000;
  describe(`${name} under schema-driven hostile requests`, () => {
    let subject: HostileInputSubject;
    let document: OpenAPIObject;

    beforeAll(async () => {
      subject = await start();
      const answer = await fetch(`${subject.target.baseUrl}/openapi.json`);
      expect(answer.status).toBe(200);
      document = (await answer.json()) as OpenAPIObject;
    }, 180_000);

    afterAll(async () => {
      await subject?.close();
    }, 60_000);

    if (known.length > 0) {
      it.each(known.map((entry) => [entry.route, entry]))(
        'still answers the known 5xx of %s (remove it from the list once fixed)',
        async (_route, entry) => {
          const answer = await sendHostileRequest(subject.target.baseUrl, {
            ...entry.request,
            headers: withToken(entry.request.headers, subject.target.token),
          });
          if (answer.status < 500)
            throw new Error(
              `${entry.route} is fixed (${entry.request.method} ${entry.request.url} answered ${answer.status}): remove it from the known 5xx list`,
            );
        },
      );
    }

    it(
      'answers every generated request with 2xx or 4xx, stores nothing for a 4xx write, and stays live',
      async () => {
        const seed = fuzzSeed();
        const report = await fuzzRoutes(fuzzOperations(document), subject.target, {
          seed,
          runsPerRoute: options.runsPerRoute ?? 100,
          timeBudgetMs,
          route: process.env['FUZZ_ROUTE'] || undefined,
        });
        // The summary is the run's record: seed, counts, statuses, and every finding with how to replay it.
        console.log(summary(name, report, known));
        const unexpected = report.findings.filter((finding) => !isKnown5xx(finding, known));
        expect(unexpected.map(describeFinding)).toEqual([]);
        expect(report.runs.filter((run) => run.systematic + run.random === 0).map((run) => run.route)).toEqual([]);
        const live = await fetch(`${subject.target.baseUrl}/health/live`);
        expect(live.status).toBe(200);
      },
      timeBudgetMs + 60_000,
    );
  });
}

/** A listed request is written with `Bearer <token>` as placeholder; the running service's token replaces it. */
function withToken(headers: Readonly<Record<string, string>>, token: string): Record<string, string> {
  return Object.fromEntries(
    Object.entries(headers).map(([name, value]) => [
      name,
      name.toLowerCase() === 'authorization' ? `Bearer ${token}` : value,
    ]),
  );
}
