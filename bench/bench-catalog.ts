/**
 * Every benchmark `npm run bench` runs, in this order (cheap and independent
 * first, the whole-system ones last), with what it measures. Each script
 * reports its own figures, targets and comparisons (bench-report.ts); this
 * list only says how to start it.
 */
export interface BenchDefinition {
  readonly name: string;
  readonly what: string;
  readonly script: string;
  readonly args: readonly string[];
  readonly env: Readonly<Record<string, string>>;
}

export const BENCHES: readonly BenchDefinition[] = [
  {
    name: 'bulk-upsert',
    what: 'MarketDataRepository.upsertBars against a raw COPY of the same rows',
    script: 'bench/bulk-upsert.bench.ts',
    args: [],
    env: {},
  },
  {
    name: 'polygon-calls',
    what: "the ingestor's call plans (end-of-day, 2-year backfill of 100 and 5,000 symbols) against the naive one call per symbol per day",
    script: 'bench/polygon-calls.bench.ts',
    args: [],
    env: { LOG_LEVEL: 'silent' },
  },
  {
    name: 'backfill-sources',
    what: 'a 2-year backfill of 100 symbols from Polygon alone against Alpaca as the fast source: the plans at the deployed budgets, then each run against the simulator with the calls it saw',
    script: 'bench/backfill-sources.bench.ts',
    args: [],
    env: {},
  },
  {
    name: 'quality-run',
    what: 'a full quality run with nodejs-polars against the same checks as a per-row loop, 100 and 5,000 symbols x 2 years',
    script: 'bench/quality-run.bench.ts',
    args: [],
    env: {},
  },
  {
    name: 'quality-incremental',
    what: 'an incremental quality run after one session written for every symbol, against a full run and the whole-history loader, 5,000 x 2 and 10,000 x 5 years',
    script: 'bench/quality-incremental.bench.ts',
    args: [],
    env: {},
  },
  {
    name: 'export',
    what: 'GET /bars/export of 5,000 symbols x 2 years as Parquet (and Arrow, CSV) against GET /bars/:symbol for every symbol',
    script: 'bench/export.bench.ts',
    args: [],
    env: {},
  },
  {
    name: 'gateway-load',
    what: "the gateway's /health, /status and status page under 200 connections, shared probes against a fan-out per request",
    script: 'bench/gateway-load.bench.ts',
    args: [],
    env: {},
  },
  {
    name: 'npm-start',
    what: 'npm start on a clean clone in simulator mode: to every service ready, and to the initial backfill stored',
    script: 'bench/npm-start.bench.ts',
    args: [],
    env: {},
  },
];

export const FAULT_SUITE = {
  name: 'fault-suite',
  what: 'e2e/fault-suite (every case), for its recovery times: fault cleared to health green and to data complete',
} as const;

/** What each fault-suite case promises; every case asserts its own bounds, so a case that passed met them. */
export const RECOVERY_TARGETS: readonly { readonly match: RegExp; readonly target: string }[] = [
  {
    match: /^PostgreSQL down/,
    target: 'no provider call spent while down; complete by itself after recovery, no job failed',
  },
  { match: /^Redis killed/, target: 'lost queue re-planned by the reconciler (within minutes); complete by itself' },
  { match: /^upstream outage/, target: 'ingestion resumes within seconds of the upstream healing' },
  {
    match: /429 storm|5xx burst/,
    target: 'complete by itself within the budget; no call beyond plan + allowed retries',
  },
  { match: /SIGKILL/, target: 'restarted process resumes; every row exactly once' },
  { match: /replicas/, target: 'two replicas, concurrent admin actions: one run, every call once' },
];
