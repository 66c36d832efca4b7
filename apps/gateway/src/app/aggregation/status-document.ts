import type { ProbeResult } from './downstream-probe';

/** What one collection of /status gathered: each service's /status answer and the account snapshot. */
export interface Sources {
  readonly statuses: Readonly<Record<string, ProbeResult>>;
  readonly account: ProbeResult;
}

// Service answers are JSON read field by field; a missing field is reported as null, never thrown on.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Json = any;

/**
 * The gateway's /status document from one collection made at `at`. Parts
 * come from the service that owns them and are null when that service did
 * not answer (`services` says why); `ageMs` is how long ago the part was
 * collected, and time-stamped data (account snapshot, quality report) also
 * carries its own time.
 */
export function statusDocument(sources: Sources, at: number, now: number) {
  const ageMs = now - at;
  const body = (name: string): Json | null => {
    const result = sources.statuses[name];
    return result?.reachable && result.httpStatus === 200 && typeof result.body === 'object' ? result.body : null;
  };
  const part = <T extends object>(value: T | null | undefined): (T & { ageMs: number }) | null =>
    value ? { ...value, ageMs } : null;
  const ingestor = body('polygon-ingestor');
  const monitor = body('alpaca-monitor');
  const quality = body('quality-service');
  const failed = (queue: Json | null): number | null => (typeof queue?.failed === 'number' ? queue.failed : null);
  return {
    generatedAt: new Date(at).toISOString(),
    ageMs,
    services: Object.fromEntries(
      Object.entries(sources.statuses).map(([name, result]) => [name, serviceState(result)]),
    ),
    // 'simulated' when `npm start` serves the providers from its simulator, 'real' otherwise; null while the ingestor does not answer.
    providers: ingestor?.providers ?? null,
    universe: part(ingestor?.universe),
    freshness: part(ingestor ? { ...ingestor.freshness, lastEndOfDay: ingestor.endOfDay?.lastDate ?? null } : null),
    backfill: part(ingestor?.backfill),
    budgets: {
      polygon: part(ingestor ? { ...ingestor.budget, circuit: ingestor.circuit ?? null } : null),
      alpaca: part(monitor ? { ...monitor.calls, circuit: monitor.circuit?.state ?? null } : null),
    },
    queues: { polygon: part(ingestor?.queue), alpaca: part(monitor?.queue) },
    failedJobs: part(ingestor || monitor ? { polygon: failed(ingestor?.queue), alpaca: failed(monitor?.queue) } : null),
    quality: part(
      quality
        ? { latestReport: quality.latestReport ?? null, lastScheduledSlot: quality.lastScheduledSlot ?? null }
        : null,
    ),
    account: part(accountSummary(sources.account, monitor)),
  };
}

function serviceState(result: ProbeResult) {
  if (!result.reachable) return { state: 'unreachable', reason: result.reason, version: null };
  const body = result.body as Json;
  if (result.httpStatus !== 200)
    return { state: 'error', reason: `/status answered HTTP ${result.httpStatus}`, version: null };
  return { state: 'up', version: body?.version ?? null, startedAt: body?.startedAt ?? null };
}

function accountSummary(account: ProbeResult, monitor: Json | null) {
  if (!monitor) return null;
  const snapshot: Json | null = account.reachable && account.httpStatus === 200 ? account.body : null;
  return {
    trading: monitor.trading ?? null,
    stale: monitor.stale ?? null,
    snapshot: snapshot
      ? {
          status: snapshot.status,
          currency: snapshot.currency,
          equity: snapshot.equity,
          cash: snapshot.cash,
          buyingPower: snapshot.buyingPower,
          portfolioValue: snapshot.portfolioValue,
          capturedAt: snapshot.capturedAt,
        }
      : null,
  };
}
