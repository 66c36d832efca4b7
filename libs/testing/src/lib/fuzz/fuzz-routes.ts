import fc from 'fast-check';
import { hostileRequests, type HostileRequest } from './hostile-requests';
import type { FuzzOperation } from './openapi-operations';
import { changedTables, rowCount, type StoredState } from './stored-state';
import { systematicRequests } from './systematic-requests';

/** The running service under fuzz. */
export interface FuzzTarget {
  /** http://127.0.0.1:<port> */
  readonly baseUrl: string;
  /** The bearer token that gets past the service's authentication (INTERNAL_API_TOKEN, the gateway's admin token). */
  readonly token: string;
  /** Snapshot of everything the service stores (see storedStateReader); absent for a service that stores nothing. */
  readonly storedState?: () => Promise<StoredState>;
  /**
   * After a write answered 2xx, resolves once the work it started in the
   * background (queued provider calls, say) is done, so that work is not
   * blamed on a later 4xx; absent for a service whose writes are done when
   * it answers. `settle` with `pendingQueueJobs` is the usual one.
   */
  readonly afterAcceptedWrite?: () => Promise<void>;
}

export interface FuzzOptions {
  /** fast-check's seed: the same seed against the same document generates the same requests. */
  readonly seed: number;
  /** Random requests per route, at most (after the systematic ones). */
  readonly runsPerRoute: number;
  /** Bound on the whole run; each route gets an equal share of what is left when it starts. */
  readonly timeBudgetMs: number;
  /** Only the route with this id (`GET /reports`), to reproduce one finding. */
  readonly route?: string;
  /** How long one answer may take before it counts as no answer (default 20 s: 2 loaded cores). */
  readonly requestTimeoutMs?: number;
}

/** A broken promise: a 5xx, no answer at all, or something stored although the answer was 4xx. */
export interface FuzzFinding {
  readonly kind: '5xx' | 'no answer' | 'stored on 4xx';
  readonly route: string;
  readonly request: HostileRequest;
  readonly status?: number;
  /** The answer's first 500 characters, or the error, or the tables that changed. */
  readonly detail: string;
  readonly seed: number;
  /** Systematic requests are the same on every run; random ones replay from the seed. */
  readonly phase: 'systematic' | 'random';
  /** Which of the route's requests of that phase it was (1 = the first): with FUZZ_ROUTE (and the seed), the same request again. */
  readonly requestNumber: number;
}

export interface RouteRun {
  readonly route: string;
  /** Requests sent from systematicRequests and from fast-check. */
  readonly systematic: number;
  readonly random: number;
  /** Statuses answered, e.g. {400: 31, 200: 9}. */
  readonly statuses: Readonly<Record<string, number>>;
  /** The route's time share ran out before every systematic request or runsPerRoute random ones were sent. */
  readonly interrupted: boolean;
}

export interface FuzzReport {
  readonly seed: number;
  readonly runs: readonly RouteRun[];
  readonly findings: readonly FuzzFinding[];
  readonly elapsedMs: number;
}

export interface HostileAnswer {
  readonly status: number;
  readonly text: string;
}

const WRITES = (method: string) => !['GET', 'HEAD', 'OPTIONS'].includes(method);

/** Sends one request as generated (the body as bytes, so no content type is added that the request does not carry). */
export async function sendHostileRequest(
  baseUrl: string,
  request: HostileRequest,
  timeoutMs = 20_000,
): Promise<HostileAnswer> {
  const response = await fetch(`${baseUrl}${request.url}`, {
    method: request.method,
    headers: request.headers,
    body: request.body === undefined ? undefined : Buffer.from(request.body),
    redirect: 'manual',
    signal: AbortSignal.timeout(timeoutMs),
  });
  return { status: response.status, text: await response.text() };
}

/** Ends a route's run when its share of the time budget is spent (endOnFailure: no shrinking, no further run). */
class TimeShareSpent extends Error {
  constructor() {
    super("the route's share of the time budget is spent");
  }
}

/** Findings kept per route: enough to see what breaks it, without a report of hundreds of lines. */
const FINDINGS_PER_ROUTE = 5;

/** Share of a route's time the systematic requests may take; the rest is for random ones. */
const SYSTEMATIC_SHARE = 0.6;

/**
 * Fires hostile requests at every route, one at a time: first the
 * systematic ones (each targeted hostile value in each parameter and field,
 * see systematicRequests) for up to 60% of the route's time share, then
 * random combinations from fast-check (hostileRequests) until runsPerRoute
 * or the share is spent. It records each broken promise: a 5xx, no answer
 * within the timeout, and, for a write answered 4xx, any table whose
 * snapshot changed across the request. After a write answered 2xx it waits
 * (afterAcceptedWrite) so work that request started cannot be blamed on the
 * next one. A route's run goes on after a finding (up to FINDINGS_PER_ROUTE
 * are kept), so one broken case does not hide another. A finding names its
 * phase and number: systematic ones are the same every run, random ones
 * replay from the seed.
 */
export async function fuzzRoutes(
  operations: readonly FuzzOperation[],
  target: FuzzTarget,
  options: FuzzOptions,
): Promise<FuzzReport> {
  const started = Date.now();
  // Routes with the fewest systematic requests first: they finish early and leave their unused time to the larger ones.
  const selected = operations
    .filter((operation) => options.route === undefined || operation.id === options.route)
    .map((operation) => ({ operation, size: systematicRequests(operation, target.token).length }))
    .sort((a, b) => a.size - b.size)
    .map(({ operation }) => operation);
  if (selected.length === 0)
    throw new Error(
      `no route ${options.route} in the document (routes: ${operations.map((operation) => operation.id).join(', ')})`,
    );
  const runs: RouteRun[] = [];
  const findings: FuzzFinding[] = [];
  for (const [index, operation] of selected.entries()) {
    const routeStarted = Date.now();
    const shareMs = Math.max(200, (options.timeBudgetMs - (routeStarted - started)) / (selected.length - index));
    const routeDeadline = routeStarted + shareMs;
    const statuses: Record<string, number> = {};
    const found: FuzzFinding[] = [];
    const sent = { systematic: 0, random: 0 };
    const check = async (request: HostileRequest, phase: 'systematic' | 'random'): Promise<void> => {
      sent[phase] += 1;
      const record = (finding: Pick<FuzzFinding, 'kind' | 'status' | 'detail'>) => {
        if (found.length < FINDINGS_PER_ROUTE)
          found.push({
            ...finding,
            route: operation.id,
            request,
            seed: options.seed,
            phase,
            requestNumber: sent[phase],
          });
      };
      const before = WRITES(request.method) ? await target.storedState?.() : undefined;
      let answer: HostileAnswer;
      try {
        answer = await sendHostileRequest(target.baseUrl, request, options.requestTimeoutMs);
      } catch (error) {
        record({ kind: 'no answer', detail: String((error as Error).cause ?? error) });
        return;
      }
      statuses[answer.status] = (statuses[answer.status] ?? 0) + 1;
      if (answer.status >= 500) record({ kind: '5xx', status: answer.status, detail: answer.text.slice(0, 500) });
      if (!before || !target.storedState) return;
      if (answer.status >= 400 && answer.status < 500) {
        const after = await target.storedState();
        const changed = changedTables(before, after).map(
          (table) => `${table} (rows ${rowCount(before[table])} -> ${rowCount(after[table])})`,
        );
        if (changed.length > 0)
          record({ kind: 'stored on 4xx', status: answer.status, detail: `changed: ${changed.join(', ')}` });
      } else if (answer.status < 300) {
        await target.afterAcceptedWrite?.();
      }
    };
    const systematicDeadline = routeStarted + shareMs * SYSTEMATIC_SHARE;
    let interrupted = false;
    for (const request of systematicRequests(operation, target.token)) {
      if (Date.now() > systematicDeadline) {
        interrupted = true;
        break;
      }
      await check(request, 'systematic');
    }
    const property = fc.asyncProperty(hostileRequests(operation, target.token), async (request) => {
      // Checked before a request, never while one is in flight: a request abandoned half way (as
      // fast-check's interruptAfterTimeLimit does) would store things while the next route is checked.
      if (Date.now() > routeDeadline) throw new TimeShareSpent();
      await check(request, 'random');
    });
    const result = await fc.check(property, { seed: options.seed, numRuns: options.runsPerRoute, endOnFailure: true });
    const spent = result.failed && result.errorInstance instanceof TimeShareSpent;
    // The property records findings and never fails otherwise; a failure here is the fuzzer's own error (e.g. the database snapshot).
    if (result.failed && !spent)
      throw new Error(`fuzzing ${operation.id} broke (FUZZ_SEED=${result.seed}): ${String(result.errorInstance)}`);
    runs.push({
      route: operation.id,
      systematic: sent.systematic,
      random: sent.random,
      statuses,
      interrupted: interrupted || spent,
    });
    findings.push(...found);
  }
  return { seed: options.seed, runs, findings, elapsedMs: Date.now() - started };
}

/** A finding as a reader needs it: what was sent, what came back, and how to replay it. */
export function describeFinding(finding: FuzzFinding): string {
  const body =
    finding.request.body === undefined
      ? ''
      : ` body ${JSON.stringify(finding.request.body.length > 300 ? `${finding.request.body.slice(0, 300)}... (${finding.request.body.length} chars)` : finding.request.body)}`;
  const headers = Object.entries(finding.request.headers)
    .map(([name, value]) => (name === 'authorization' ? `${name}: Bearer <token>` : `${name}: ${value}`))
    .join('; ');
  return `${finding.kind} on ${finding.route}: ${finding.request.method} ${finding.request.url.length > 300 ? `${finding.request.url.slice(0, 300)}...` : finding.request.url} [${headers}]${body} -> ${finding.status ?? 'no status'} ${finding.detail} (${finding.phase} request #${finding.requestNumber}${finding.phase === 'random' ? ` of FUZZ_SEED=${finding.seed}` : ''}, FUZZ_ROUTE='${finding.route}')`;
}
