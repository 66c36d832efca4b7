import { type IsoDate, type PolygonJob, type TradingCalendar } from '@mdi/domain';
import { POLYGON_STACK, type ProviderStack } from '@mdi/providers';
import { Inject, Injectable } from '@nestjs/common';
import { PinoLogger } from 'nestjs-pino';
import { PolygonIngestorConfig } from '../app/polygon-ingestor.config';
import { FillPlanner } from '../backfill/fill-planner.service';
import { TRADING_CALENDAR } from '../core/trading-calendar.token';
import { CoverageLedger } from '../ledger/coverage-ledger';
import { SymbolUniverseService } from '../symbols/symbol-universe.service';

export interface EndOfDayTick {
  /** The last session Polygon has published (close + EOD_DELAY_MINUTES). */
  readonly lastSession: IsoDate;
  readonly enqueued: { date: IsoDate; jobId: string; status: string }[];
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
    @Inject(TRADING_CALENDAR) private readonly calendar: TradingCalendar,
    private readonly planner: FillPlanner,
    private readonly universe: SymbolUniverseService,
    private readonly ledger: CoverageLedger,
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
    for (const date of recent) {
      if (active.length === 0 || (await this.ledger.unsettledOn(active, date)).length === 0) continue;
      const { jobId, status } = await this.polygon.queue.enqueue({ job: { kind: 'grouped-daily', date } });
      enqueued.push({ date, jobId, status });
    }
    if (enqueued.some((e) => e.status !== 'already-queued')) {
      this.logger.info({ provider: 'polygon', last_session: window.to, enqueued }, 'end-of-day update enqueued');
    }
    return { lastSession: window.to, enqueued };
  }
}
