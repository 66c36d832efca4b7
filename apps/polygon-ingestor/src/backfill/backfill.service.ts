import {
  ALPACA_DATA_JOBS,
  POLYGON_JOBS,
  sessionDates,
  type AlpacaDataJob,
  type PolygonJob,
  type ProviderJob,
  type StockBarsJob,
  type TradingCalendar,
} from '@mdi/domain';
import { ALPACA_DATA_STACK, POLYGON_STACK, type ProviderStack } from '@mdi/providers';
import { BackfillRunRepository, type BackfillRunProgress, type BackfillTrigger } from '@mdi/storage';
import { Inject, Injectable, Optional } from '@nestjs/common';
import { PinoLogger } from 'nestjs-pino';
import { createHash } from 'node:crypto';
import { PolygonIngestorConfig } from '../app/polygon-ingestor.config';
import { conflict } from '../core/request-errors';
import { TRADING_CALENDAR } from '../core/trading-calendar.token';
import { CoverageLedger } from '../ledger/coverage-ledger';
import { SourceLedgers } from '../ledger/source-ledgers';
import { SymbolUniverseService } from '../symbols/symbol-universe.service';
import { FillPlanner, type PlannedFill } from './fill-planner.service';

/**
 * Runs fill plans on the providers' shared queues (Polygon's calls on
 * polygon-calls, Alpaca's bars calls on alpaca-data-calls). A run and its calls are
 * recorded first (backfill_runs / backfill_calls), then every call is
 * enqueued under its deterministic job id; handlers mark a call done once
 * its ledger rows are written. A restarted process resumes from that record:
 * calls whose cells the ledger has settled are closed without a call, the
 * others are enqueued again (BullMQ keeps one job per id). Identical
 * requests (same window, same symbols) share one running run, whichever
 * replica gets them.
 */
@Injectable()
export class BackfillService {
  constructor(
    private readonly config: PolygonIngestorConfig,
    private readonly planner: FillPlanner,
    private readonly runs: BackfillRunRepository,
    private readonly ledger: CoverageLedger,
    private readonly universe: SymbolUniverseService,
    @Inject(TRADING_CALENDAR) private readonly calendar: TradingCalendar,
    @Inject(POLYGON_STACK) private readonly polygon: ProviderStack<PolygonJob>,
    private readonly ledgers: SourceLedgers,
    private readonly logger: PinoLogger,
    /** Registered only when a backfill source is alpaca (HISTORICAL_DATA_SOURCE, BACKFILL_SECONDARY_SOURCE). */
    @Optional() @Inject(ALPACA_DATA_STACK) private readonly alpaca?: ProviderStack<AlpacaDataJob>,
  ) {
    this.logger.setContext(BackfillService.name);
  }

  get enabled(): boolean {
    return this.config.ENABLE_HISTORICAL_BACKFILL;
  }

  /** POST /backfill: plan, record, enqueue. 409 when backfill is turned off. */
  async start(
    raw: unknown,
    trigger: BackfillTrigger,
  ): Promise<{ run: BackfillRunProgress; planned: PlannedFill; joined: boolean }> {
    if (!this.enabled) throw conflict('historical backfill is disabled (ENABLE_HISTORICAL_BACKFILL=false)');
    const planned = await this.planner.plan(raw);
    return { ...(await this.record(planned, trigger)), planned };
  }

  /** Records the plan as a run and enqueues its calls (or returns the identical request's running run). */
  async execute(planned: PlannedFill, trigger: BackfillTrigger): Promise<BackfillRunProgress> {
    return (await this.record(planned, trigger)).run;
  }

  private async record(
    planned: PlannedFill,
    trigger: BackfillTrigger,
  ): Promise<{ run: BackfillRunProgress; joined: boolean }> {
    const { plan, sourced } = planned;
    const alpacaCalls = sourced.alpaca?.coverage ?? [];
    const calls = [
      ...plan.coverage.map((c) => ({
        jobId: c.jobId,
        job: { ...c.job },
        cellCount: c.symbols.length * c.dates.length,
      })),
      ...alpacaCalls.map((c) => ({ jobId: c.jobId, job: { ...c.job }, cellCount: c.cells.length })),
    ];
    const { id: runId, created } = await this.runs.create({
      trigger,
      requestKey: requestKeyOf(planned),
      from: planned.from,
      to: planned.to,
      symbolCount: planned.symbols.length,
      plannedCells: calls.reduce((n, c) => n + c.cellCount, 0),
      calls,
    });
    if (created) {
      for (const call of plan.coverage) await this.enqueueFresh(call.job);
      for (const call of alpacaCalls) await this.enqueueFreshAlpaca(call.job);
      this.logger.info(
        {
          run_id: runId,
          trigger,
          sources: sourced.sources.map((s) => `${s.source} ${s.role}: ${s.callCount} calls, ${s.cellCount} cells`),
          calls: calls.length,
          estimated_seconds: sourced.estimatedSeconds,
        },
        'fill plan enqueued',
      );
    } else {
      this.logger.info(
        { run_id: runId, trigger, provider: 'polygon' },
        'identical backfill request joined the running run',
      );
    }
    return { run: (await this.runs.get(runId)) as BackfillRunProgress, joined: !created };
  }

  /**
   * Brings the queue in line with the unfinished runs (at start-up, and
   * periodically as the reconciler): a pending call whose cells the ledger
   * has settled is closed without calling Polygon; one that no queue holds
   * (Redis restarted empty, a job lost), or whose job failed or completed
   * without settling its cells, is enqueued again under the same id; one whose
   * job is still queued or running is left alone. Any replica may run it:
   * the ids are deterministic, so replicas together enqueue a call once.
   *
   * The ledger is read per call, so a periodic round (`'reconcile'`) reads it
   * only for calls no live job holds: a long run's waiting calls cost one
   * Redis lookup each, not a ledger query each. At start-up (`'start-up'`)
   * waiting calls are checked too, so work settled meanwhile (by another
   * replica's end-of-day, a gap repair) is withdrawn instead of called again.
   */
  async resume(
    scope: 'start-up' | 'reconcile' = 'start-up',
  ): Promise<{ requeued: number; closed: number; queued: number; runs: number[] }> {
    const pending = await this.runs.pendingCalls();
    const seen = new Set<string>();
    const requeuedRuns = new Set<number>();
    let requeued = 0;
    let closed = 0;
    let queued = 0;
    for (const call of pending) {
      if (seen.has(call.jobId)) continue;
      seen.add(call.jobId);
      if ((call.job as { kind?: unknown }).kind === 'stock-bars') {
        const outcome = await this.resumeAlpaca(call.jobId, call.job, scope);
        if (outcome === 'closed') closed++;
        else if (outcome === 'queued') queued++;
        else {
          requeued++;
          requeuedRuns.add(call.runId);
        }
        continue;
      }
      const parsed = POLYGON_JOBS.parse(call.job);
      if (!parsed.ok || (parsed.value.kind !== 'grouped-daily' && parsed.value.kind !== 'aggregates-range')) {
        this.logger.error(
          { job_id: call.jobId, reasons: parsed.ok ? ['not a bar job'] : parsed.reasons },
          'unreadable planned call closed',
        );
        await this.runs.markCallDone(call.jobId);
        closed++;
        continue;
      }
      const job = parsed.value;
      const queuedJob = await this.polygon.queue.bullQueue.getJob(call.jobId);
      const state = queuedJob ? await queuedJob.getState() : null;
      const live = state !== null && LIVE_JOB_STATES.has(state);
      if (state === 'active' || (live && scope === 'reconcile')) {
        queued++;
      } else if (await this.settled(job)) {
        if (live) await queuedJob?.remove().catch(() => undefined);
        await this.runs.markCallDone(call.jobId);
        closed++;
      } else if (live) {
        queued++;
      } else {
        await this.enqueueFresh(job);
        requeued++;
        requeuedRuns.add(call.runId);
      }
    }
    const runs = [...requeuedRuns];
    if (requeued > 0 || closed > 0)
      this.logger.info(
        { provider: 'polygon', requeued, closed, queued, run_ids: runs },
        'unfinished fill plans reconciled with the queue',
      );
    return { requeued, closed, queued, runs };
  }

  /**
   * resume() for one planned Alpaca bars call: closed when its cells are
   * settled in Alpaca's ledger (or it cannot be read, or Alpaca is no longer
   * configured), left alone while a live job holds it, enqueued again otherwise.
   */
  private async resumeAlpaca(
    jobId: string,
    data: Record<string, unknown>,
    scope: 'start-up' | 'reconcile',
  ): Promise<'closed' | 'queued' | 'requeued'> {
    const parsed = ALPACA_DATA_JOBS.parse(data);
    if (!parsed.ok || !this.alpaca) {
      const reason = parsed.ok
        ? 'Alpaca is not a backfill source of this ingestor any more'
        : parsed.reasons.join('; ');
      this.logger.error({ job_id: jobId, reason }, 'planned Alpaca call closed without a call');
      await this.runs.markCallFailed(jobId, reason);
      return 'closed';
    }
    const queuedJob = await this.alpaca.queue.bullQueue.getJob(jobId);
    const state = queuedJob ? await queuedJob.getState() : null;
    const live = state !== null && LIVE_JOB_STATES.has(state);
    if (state === 'active' || (live && scope === 'reconcile')) return 'queued';
    if (await this.alpacaSettled(parsed.value)) {
      if (live) await queuedJob?.remove().catch(() => undefined);
      await this.runs.markCallDone(jobId);
      return 'closed';
    }
    if (live) return 'queued';
    await this.enqueueFreshAlpaca(parsed.value);
    return 'requeued';
  }

  /** Every session of the call's window has a settled Alpaca ledger row for each of its symbols. */
  private async alpacaSettled(job: StockBarsJob): Promise<boolean> {
    const sessions = sessionDates({ calendar: this.calendar, from: job.from, to: job.to });
    const entries = await this.ledgers.of('alpaca').entries(job.symbols, job.from, job.to);
    const done = new Set(entries.filter((e) => e.status !== 'failed').map((e) => `${e.symbol}|${e.date}`));
    return job.symbols.every((symbol) => sessions.every((date) => done.has(`${symbol}|${date}`)));
  }

  /** Gap repair: the default request (every active symbol, the whole window), only when something is missing. */
  async repairGaps(): Promise<BackfillRunProgress | null> {
    if (!this.enabled) return null;
    const planned = await this.planner.plan({});
    if (planned.sourced.callCount === 0) return null;
    return this.execute(planned, 'gap-repair');
  }

  private async settled(job: PolygonJob): Promise<boolean> {
    if (job.kind === 'aggregates-range') {
      const sessions = sessionDates({ calendar: this.calendar, from: job.from, to: job.to });
      const entries = await this.ledger.entries([job.symbol], job.from, job.to);
      const done = new Set(entries.filter((e) => e.status !== 'failed').map((e) => e.date));
      return sessions.every((d) => done.has(d));
    }
    if (job.kind === 'grouped-daily') {
      return (await this.ledger.unsettledOn(await this.universe.activeSymbolsFresh(), job.date)).length === 0;
    }
    return false;
  }

  /**
   * A new plan wants the call made now: a completed job left under the same
   * id (kept 24 h) would swallow it, so it is removed first. Only explicit
   * runs do this; the end-of-day tick relies on the de-duplication instead.
   */
  private enqueueFresh(job: PolygonJob): Promise<void> {
    return enqueueFreshOn(this.polygon, job, POLYGON_JOBS.idFor(job));
  }

  private enqueueFreshAlpaca(job: StockBarsJob): Promise<void> {
    if (!this.alpaca) throw new Error('an Alpaca call was planned but Alpaca is not configured');
    return enqueueFreshOn(this.alpaca, job, ALPACA_DATA_JOBS.idFor(job));
  }
}

async function enqueueFreshOn<J extends ProviderJob>(stack: ProviderStack<J>, job: J, id: string): Promise<void> {
  const existing = await stack.queue.bullQueue.getJob(id);
  if (existing && (await existing.getState()) === 'completed') await existing.remove().catch(() => undefined);
  await stack.queue.enqueue({ job });
}

/** A job in one of these states will still run: the call is in hand (and can be withdrawn). */
const LIVE_JOB_STATES = new Set(['waiting', 'delayed', 'prioritized', 'waiting-children', 'paused']);

/** The identity of a request: its window and its symbols, whatever their order or the trigger. */
function requestKeyOf(planned: PlannedFill): string {
  const symbols = [...planned.symbols].sort().join(',');
  return createHash('sha256').update(`${planned.from}|${planned.to}|${symbols}`).digest('hex');
}
