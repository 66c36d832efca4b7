import {
  addDays,
  type CashDividend,
  type DividendsJob,
  type PolygonJob,
  type SplitsJob,
  type StockSplit,
  type MarketDataSource,
} from '@mdi/domain';
import { POLYGON_STACK, type JobOutcome, type ProviderPage, type ProviderStack } from '@mdi/providers';
import {
  CorporateActionRepository,
  MarketDataCache,
  QualityLogRepository,
  type CorporateActionType,
} from '@mdi/storage';
import { Inject, Injectable } from '@nestjs/common';
import { MARKET_DATA_SOURCE } from '../core/market-data-source';
import { PinoLogger } from 'nestjs-pino';
import { FillPlanner } from '../backfill/fill-planner.service';
import { qualityLogsOf } from './rejected-rows';

/**
 * The corporate-actions ledger: splits and dividends of every ticker, one
 * paged listing per type for a date range. The coverage range is recorded
 * only when a listing's last page is stored, so "covered through D" means
 * every split executed up to D is known: adjusted series are served up to
 * there and never further (no mixed history after a new split).
 */
@Injectable()
export class CorporateActionsService {
  constructor(
    private readonly actions: CorporateActionRepository,
    private readonly qualityLogs: QualityLogRepository,
    private readonly cache: MarketDataCache,
    private readonly planner: FillPlanner,
    @Inject(POLYGON_STACK) private readonly polygon: ProviderStack<PolygonJob>,
    @Inject(MARKET_DATA_SOURCE) private readonly source: MarketDataSource,
    private readonly logger: PinoLogger,
  ) {
    this.logger.setContext(CorporateActionsService.name);
  }

  /** Enqueues the listings for what is not covered yet, up to the last published session. */
  async refresh(): Promise<{ kind: CorporateActionType; from: string; to: string; jobId: string }[]> {
    const window = this.planner.window();
    const enqueued = [];
    for (const [type, kind] of [
      ['split', 'splits'],
      ['dividend', 'dividends'],
    ] as const) {
      const coverage = await this.actions.coverage(type);
      const from = coverage && coverage.from <= window.from ? addDays(coverage.through, 1) : window.from;
      if (from > window.to) continue;
      const { jobId } = await this.polygon.queue.enqueue({ job: { kind, from, to: window.to } });
      enqueued.push({ kind: type, from, to: window.to, jobId });
    }
    return enqueued;
  }

  async onSplits(
    result: ProviderPage<StockSplit>,
    job: SplitsJob,
    jobId: string,
    pagingStopped?: string,
  ): Promise<JobOutcome> {
    const { written } = await this.actions.upsertSplits(result.items, this.source);
    await this.afterPage('split', result, job, jobId, pagingStopped);
    // Readers of these symbols must recompute their adjusted series.
    await Promise.all(
      [...new Set(result.items.map((s) => s.symbol))].map((symbol) => this.cache.invalidateBars(symbol, '1d')),
    );
    return { splits: written, rejected: result.rejected.length, last_page: result.nextCursor === null };
  }

  async onDividends(
    result: ProviderPage<CashDividend>,
    job: DividendsJob,
    jobId: string,
    pagingStopped?: string,
  ): Promise<JobOutcome> {
    const { written } = await this.actions.upsertDividends(result.items, this.source);
    await this.afterPage('dividend', result, job, jobId, pagingStopped);
    return { dividends: written, rejected: result.rejected.length, last_page: result.nextCursor === null };
  }

  /** The last page records the range as covered; a listing whose paging was stopped covers nothing. */
  private async afterPage(
    type: CorporateActionType,
    result: ProviderPage<unknown>,
    job: SplitsJob | DividendsJob,
    jobId: string,
    pagingStopped?: string,
  ): Promise<void> {
    if (result.rejected.length > 0)
      await this.qualityLogs.insert(qualityLogsOf(result.rejected, { endpoint: job.kind, jobId }));
    if (pagingStopped) {
      this.logger.error(
        { provider: 'polygon', kind: job.kind, from: job.from, to: job.to, reason: pagingStopped, success: false },
        'corporate actions listing incomplete: coverage not recorded',
      );
      return;
    }
    if (result.nextCursor !== null) return;
    const coverage = await this.actions.recordCoverage(type, job.from, job.to);
    this.logger.info(
      {
        provider: 'polygon',
        kind: job.kind,
        covered_from: coverage.from,
        covered_through: coverage.through,
        success: true,
      },
      'corporate actions ledger covered',
    );
  }
}
