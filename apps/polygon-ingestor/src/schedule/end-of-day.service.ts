import { POLYGON_JOBS, sessionDateOf, type IsoDate, type PolygonJob, type TradingCalendar } from '@mdi/domain';
import { POLYGON_STACK, type ProviderStack } from '@mdi/providers';
import { Inject, Injectable } from '@nestjs/common';
import { PinoLogger } from 'nestjs-pino';
import { PolygonIngestorConfig } from '../app/polygon-ingestor.config';
import { FillPlanner } from '../backfill/fill-planner.service';
import { Clock } from '../core/clock';
import { badRequest } from '../core/request-errors';
import { TRADING_CALENDAR } from '../core/trading-calendar.token';
import { CoverageLedger } from '../ledger/coverage-ledger';
import { SymbolUniverseService } from '../symbols/symbol-universe.service';
import { EndOfDayFailover } from './end-of-day-failover.service';
import { parseEndOfDayRequest } from './end-of-day-request';

export interface EndOfDayTick {
  /** The last session Polygon has published (close + EOD_DELAY_MINUTES). */
  readonly lastSession: IsoDate;
  readonly enqueued: { date: IsoDate; jobId: string; status: string }[];
  /** Alpaca calls of sessions Polygon is overdue on (EndOfDayFailover); absent when there are none. */
  readonly failover?: { date: IsoDate; jobId: string; status: string }[];
}

/** An end-of-day update of one asked-for session. */
export interface EndOfDayForDate extends EndOfDayTick {
  readonly date: IsoDate;
  /** Why nothing was enqueued (every active symbol settled, or none active). */
  readonly skipped?: string;
}

/**
 * The end-of-day update. Fired by cron on every replica; it only enqueues
 * `grouped-daily|<date>` (one call = the whole universe) for recent sessions
 * the ledger has not settled, so N replicas give one job per date, and a
 * weekend, a holiday or an early close is simply "no new session yet". A
 * date Polygon refused (403 before end of day) stays delayed in the queue
 * until after the close (the providers lib's not-yet-available failure).
 */
@Injectable()
export class EndOfDayService {
  constructor(
    private readonly config: PolygonIngestorConfig,
    private readonly clock: Clock,
    @Inject(TRADING_CALENDAR) private readonly calendar: TradingCalendar,
    private readonly planner: FillPlanner,
    private readonly universe: SymbolUniverseService,
    private readonly ledger: CoverageLedger,
    private readonly failover: EndOfDayFailover,
    @Inject(POLYGON_STACK) private readonly polygon: ProviderStack<PolygonJob>,
    private readonly logger: PinoLogger,
  ) {
    this.logger.setContext(EndOfDayService.name);
  }

  async tick(): Promise<EndOfDayTick> {
    const window = this.planner.window();
    const recent = this.calendar
      .sessionsBetween(window.from, window.to)
      .slice(-this.config.EOD_CATCHUP_SESSIONS)
      .map((s) => s.date);
    const active = await this.universe.activeSymbolsFresh();
    const enqueued: EndOfDayTick['enqueued'] = [];
    const failover: EndOfDayTick['enqueued'] = [];
    for (const date of recent) {
      if (active.length === 0 || (await this.ledger.unsettledOn(active, date)).length === 0) continue;
      // Before Polygon's job is enqueued again: failover looks at the job Polygon was already given.
      for (const call of await this.failover.failOver(date, active)) failover.push({ date, ...call });
      const { jobId, status } = await this.polygon.queue.enqueue({ job: { kind: 'grouped-daily', date } });
      enqueued.push({ date, jobId, status });
    }
    if (enqueued.some((e) => e.status !== 'already-queued')) {
      this.logger.info({ provider: 'polygon', last_session: window.to, enqueued }, 'end-of-day update enqueued');
    }
    return { lastSession: window.to, enqueued, ...(failover.length > 0 ? { failover } : {}) };
  }

  /**
   * POST /operations/end-of-day: the tick without a body; with `{date}`, one
   * grouped-daily call for that session when an active symbol has not
   * settled it. An asked-for date is fetched now: a completed job of the
   * same id (kept 24 h) is removed first, or it would swallow the request.
   */
  async run(body: unknown): Promise<EndOfDayTick | EndOfDayForDate> {
    const window = this.planner.window();
    const parsed = parseEndOfDayRequest(body, {
      calendar: this.calendar,
      window,
      today: sessionDateOf(this.clock.now()),
      delayMinutes: this.config.EOD_DELAY_MINUTES,
    });
    if ('reasons' in parsed) throw badRequest('invalid end-of-day request', parsed.reasons);
    if (parsed.date === null) return this.tick();
    const date = parsed.date;
    const active = await this.universe.activeSymbolsFresh();
    if (active.length === 0)
      return { lastSession: window.to, date, enqueued: [], skipped: 'no active symbol in the universe' };
    if ((await this.ledger.unsettledOn(active, date)).length === 0) {
      return {
        lastSession: window.to,
        date,
        enqueued: [],
        skipped: `every active symbol (${active.length}) is settled on ${date}`,
      };
    }
    const job: PolygonJob = { kind: 'grouped-daily', date };
    const existing = await this.polygon.queue.bullQueue.getJob(POLYGON_JOBS.idFor(job));
    if (existing && (await existing.getState()) === 'completed') await existing.remove().catch(() => undefined);
    const { jobId, status } = await this.polygon.queue.enqueue({ job });
    this.logger.info({ provider: 'polygon', date, job_id: jobId, status }, 'end-of-day update of one session enqueued');
    return { lastSession: window.to, date, enqueued: [{ date, jobId, status }] };
  }
}
