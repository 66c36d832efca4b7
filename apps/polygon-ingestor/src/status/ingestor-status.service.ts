import type { AlpacaDataJob, PolygonJob, TradingCalendar } from '@mdi/domain';
import { processInfo, withTimeout } from '@mdi/platform';
import { ALPACA_DATA_STACK, POLYGON_STACK, type ProviderStack } from '@mdi/providers';
import { BackfillRunRepository, CorporateActionRepository, MarketDataRepository, SymbolRepository } from '@mdi/storage';
import { Inject, Injectable, Optional } from '@nestjs/common';
import { PolygonIngestorConfig } from '../app/polygon-ingestor.config';
import { SERVICE_NAME } from '../app/service-name';
import { progressView } from '../backfill/progress-view';
import { FillPlanner } from '../backfill/fill-planner.service';
import { PolygonQueueState } from '../backfill/queue-state';
import { TRADING_CALENDAR } from '../core/trading-calendar.token';
import { CoverageLedger } from '../ledger/coverage-ledger';
import { freshnessOf } from './freshness';

/** Redis answers for /status must not hold it up while Redis is down. */
const REDIS_TIMEOUT_MS = 500;

/** GET /status: universe, last end-of-day date, backfill progress, budget use, queue and circuit. */
@Injectable()
export class IngestorStatusService {
  constructor(
    private readonly config: PolygonIngestorConfig,
    private readonly symbols: SymbolRepository,
    private readonly runs: BackfillRunRepository,
    private readonly actions: CorporateActionRepository,
    private readonly ledger: CoverageLedger,
    private readonly planner: FillPlanner,
    private readonly queueState: PolygonQueueState,
    private readonly bars: MarketDataRepository,
    @Inject(TRADING_CALENDAR) private readonly calendar: TradingCalendar,
    @Inject(POLYGON_STACK) private readonly polygon: ProviderStack<PolygonJob>,
    @Optional() @Inject(ALPACA_DATA_STACK) private readonly alpaca?: ProviderStack<AlpacaDataJob>,
  ) {}

  async status() {
    const budget = { calls: this.config.POLYGON_RATE_LIMIT_PER_MINUTE, windowMs: this.config.POLYGON_RATE_WINDOW_MS };
    const [universe, runs, lastEndOfDay, splits, dividends, used, queue, state] = await Promise.all([
      this.symbols.list(),
      this.runs.recent(5),
      this.ledger.lastSuccessDate(),
      this.actions.coverage('split'),
      this.actions.coverage('dividend'),
      this.redis(() => this.polygon.queue.budget()),
      this.redis(() =>
        this.polygon.queue.bullQueue.getJobCounts('waiting', 'delayed', 'active', 'failed', 'completed', 'prioritized'),
      ),
      this.queueState.read(),
    ]);
    const progress = { budget, stallAfterMs: this.config.BACKFILL_STALL_AFTER_MS };
    const count = (status: string) => universe.filter((s) => s.status === status).length;
    const running = runs.filter((r) => r.status === 'running');
    const lastPublishedSession = this.planner.window().to;
    const newest = await this.bars.newestSessions(
      universe.filter((s) => s.status === 'active').map((s) => s.symbol),
      'polygon',
    );
    return {
      service: SERVICE_NAME,
      ...processInfo(),
      providers: this.config.MDI_SIMULATED_PROVIDERS ? ('simulated' as const) : ('real' as const),
      universe: {
        total: universe.length,
        active: count('active'),
        suspended: count('suspended'),
        delisted: count('delisted'),
      },
      endOfDay: { lastDate: lastEndOfDay, lastPublishedSession, cron: this.config.EOD_CRON },
      freshness: freshnessOf(newest, lastPublishedSession, this.calendar),
      backfill: {
        enabled: this.config.ENABLE_HISTORICAL_BACKFILL,
        running: running.length,
        current: running[0] ? progressView(running[0], progress, state) : null,
        recent: runs.map((r) => progressView(r, progress, state)),
      },
      corporateActions: { splitsCovered: splits, dividendsCovered: dividends },
      budget: {
        callsPerWindow: budget.calls,
        windowMs: budget.windowMs,
        usedInCurrentWindow: used?.used ?? null,
        resetsInMs: used?.resetsInMs ?? null,
        paused: state?.pause ?? null,
      },
      queue,
      circuit: this.polygon.breaker.circuitState(),
      backfillSources: await this.backfillSources(),
    };
  }

  /** The configured sources, and Alpaca's queue, pause and circuit when it is one of them. */
  private async backfillSources() {
    const alpaca = this.alpaca;
    return {
      primary: this.config.HISTORICAL_DATA_SOURCE,
      secondary: this.config.BACKFILL_SECONDARY_SOURCE,
      alpaca: alpaca
        ? {
            queue: await this.redis(() =>
              alpaca.queue.bullQueue.getJobCounts('waiting', 'delayed', 'active', 'failed', 'completed'),
            ),
            paused: await this.redis(() => alpaca.queue.currentPause()),
            circuit: alpaca.breaker.circuitState(),
          }
        : null,
    };
  }

  private async redis<T>(read: () => Promise<T>): Promise<T | null> {
    try {
      return await withTimeout(read(), REDIS_TIMEOUT_MS, 'Redis');
    } catch {
      return null;
    }
  }
}
