import {
  POLYGON_JOBS,
  sessionDateOf,
  sessionDates,
  type AggregatesRangeJob,
  type GroupedDailyJob,
  type IsoDate,
  type MarketDataBar,
  type PolygonJob,
  type SymbolDataStatus,
  type TradingCalendar,
  type MarketDataSource,
} from '@mdi/domain';
import { MetricsService } from '@mdi/platform';
import {
  RetryLaterError,
  type FinalFailure,
  type JobContext,
  type JobOutcome,
  type ProviderPage,
  type ProviderResult,
} from '@mdi/providers';
import { BackfillRunRepository, ReferenceTickerRepository, SymbolRepository } from '@mdi/storage';
import { Inject, Injectable } from '@nestjs/common';
import { MARKET_DATA_SOURCE } from '../core/market-data-source';
import { PinoLogger } from 'nestjs-pino';
import { PolygonIngestorConfig } from '../app/polygon-ingestor.config';
import { TRADING_CALENDAR } from '../core/trading-calendar.token';
import { CoverageLedger } from '../ledger/coverage-ledger';
import { DelistingService } from '../symbols/delisting.service';
import { BarWriter } from './bar-writer.service';
import { cellOfRejectedRow } from './rejected-rows';

type LedgerRow = Omit<SymbolDataStatus, 'dataSource'>;

/** The longest wait before a session whose answers keep coming back empty is asked again. */
const EMPTY_ANSWER_MAX_RETRY_MS = 6 * 3600_000;

/**
 * Handlers of the two bar jobs. Each writes the bars, then one ledger row
 * per cell the call was responsible for (success / failed / no_data /
 * not_available), then marks the planned call done: a crash before that
 * point repeats the call, never loses a cell. A call that cannot complete
 * (failed for good, or a listing whose paging was stopped) marks its cells
 * failed and its planned call failed, so its run ends with that verdict.
 */
@Injectable()
export class BarIngestionService {
  constructor(
    private readonly config: PolygonIngestorConfig,
    @Inject(TRADING_CALENDAR) private readonly calendar: TradingCalendar,
    private readonly writer: BarWriter,
    private readonly ledger: CoverageLedger,
    private readonly symbols: SymbolRepository,
    private readonly references: ReferenceTickerRepository,
    private readonly runs: BackfillRunRepository,
    private readonly delisting: DelistingService,
    private readonly metrics: MetricsService,
    @Inject(MARKET_DATA_SOURCE) private readonly source: MarketDataSource,
    private readonly logger: PinoLogger,
  ) {
    this.logger.setContext(BarIngestionService.name);
  }

  /**
   * One grouped-daily answer: every US stock on one date; we keep the
   * universe's. An answer with no rows at all for a trading session means the
   * data is not there yet (or upstream lost it), not that nothing traded:
   * its unsettled cells become `not_available` and the job runs again later.
   */
  async ingestGrouped(
    result: ProviderResult<MarketDataBar>,
    job: GroupedDailyJob,
    context: JobContext,
  ): Promise<JobOutcome> {
    const started = Date.now();
    if (result.items.length === 0 && result.rejected.length === 0 && this.calendar.isTradingDay(job.date)) {
      return this.notAvailableYet(job, context);
    }
    const universe = await this.symbols.list();
    const active = new Set(universe.filter((s) => s.status === 'active').map((s) => s.symbol));
    const delisted = new Set(universe.filter((s) => s.status === 'delisted').map((s) => s.symbol));
    await this.references.markSeen(
      result.items.map((b) => b.symbol),
      job.date,
      this.source,
    );

    // A delisted symbol that trades again is reactivated (and its bar kept).
    const returning = result.items.filter((b) => delisted.has(b.symbol)).map((b) => b.symbol);
    for (const symbol of returning) {
      await this.delisting.reactivate(symbol, `traded again on ${job.date}`);
      active.add(symbol);
    }

    const mine = result.items.filter((b) => active.has(b.symbol));
    const rejected = result.rejected.filter((r) => {
      const { symbol } = cellOfRejectedRow(r.row);
      return symbol === null || active.has(symbol);
    });
    const stored = await this.writer.write(mine, rejected, { endpoint: 'grouped-daily', jobId: context.jobId });

    const failed = new Map<string, string>();
    for (const r of rejected) {
      const { symbol } = cellOfRejectedRow(r.row);
      if (symbol) failed.set(symbol, r.reasons.join('; '));
    }
    for (const r of stored.rejected) failed.set(r.symbol, r.reasons.join('; '));
    const withBar = new Set(mine.map((b) => b.symbol));
    const rows: LedgerRow[] = [...active].map((symbol) => {
      if (failed.has(symbol))
        return { symbol, date: job.date, status: 'failed', errorMessage: failed.get(symbol) ?? null };
      if (withBar.has(symbol)) return { symbol, date: job.date, status: 'success', errorMessage: null };
      return { symbol, date: job.date, status: 'no_data', errorMessage: 'absent from the grouped daily answer' };
    });
    await this.ledger.write(rows);
    await this.delisting.suspectFromNoDataRuns(rows.filter((r) => r.status === 'no_data').map((r) => r.symbol));
    await this.runs.markCallDone(POLYGON_JOBS.idFor(job));
    return this.done('grouped-daily', started, {
      date: job.date,
      stored: mine.length - stored.rejected.length,
      failed: failed.size,
      no_data: rows.filter((r) => r.status === 'no_data').length,
    });
  }

  /** One page of a symbol's range: ledger rows for every session of the range once the last page is in. */
  async ingestRange(
    result: ProviderPage<MarketDataBar>,
    job: AggregatesRangeJob,
    context: JobContext,
  ): Promise<JobOutcome> {
    const started = Date.now();
    const stored = await this.writer.write(result.items, result.rejected, {
      endpoint: 'aggregates-range',
      jobId: context.jobId,
      symbol: job.symbol,
    });
    const badDates = new Set(stored.rejected.map((r) => sessionDateOf(result.items[r.index].timestamp)));
    const failed = new Map<IsoDate, string>();
    for (const r of result.rejected) {
      const { date } = cellOfRejectedRow(r.row, job.symbol);
      if (date) failed.set(date, r.reasons.join('; '));
    }
    const withBar = new Set(result.items.map((b) => sessionDateOf(b.timestamp)).filter((d) => !badDates.has(d)));
    const stopped = context.pagingStopped;
    const rows: LedgerRow[] = [];
    for (const date of sessionDates({ calendar: this.calendar, from: job.from, to: job.to })) {
      if (failed.has(date) || badDates.has(date))
        rows.push({
          symbol: job.symbol,
          date,
          status: 'failed',
          errorMessage: failed.get(date) ?? 'refused by validation',
        });
      else if (withBar.has(date)) rows.push({ symbol: job.symbol, date, status: 'success', errorMessage: null });
      // A listing stopped mid-way leaves the sessions it did not deliver unknown, not empty.
      else if (stopped)
        rows.push({ symbol: job.symbol, date, status: 'failed', errorMessage: `paging stopped: ${stopped}` });
      // More pages may still hold this session: only the last page may call it empty.
      else if (result.nextCursor === null)
        rows.push({ symbol: job.symbol, date, status: 'no_data', errorMessage: 'no bar in the range answer' });
    }
    // A page cannot tell an earlier page's sessions from empty ones: keep their success rows.
    const settled = context.cursor
      ? new Set(
          (await this.ledger.entries([job.symbol], job.from, job.to))
            .filter((e) => e.status === 'success')
            .map((e) => e.date),
        )
      : new Set<string>();
    await this.ledger.write(rows.filter((r) => !(r.status !== 'success' && settled.has(r.date))));
    if (stopped) {
      await this.runs.markCallFailed(POLYGON_JOBS.idFor(job), `paging stopped: ${stopped}`);
    } else if (result.nextCursor === null) {
      await this.delisting.suspectFromNoDataRuns([job.symbol]);
      await this.runs.markCallDone(POLYGON_JOBS.idFor(job));
    }
    return this.done('aggregates-range', started, {
      symbol: job.symbol,
      stored: result.items.length - stored.rejected.length,
      failed: failed.size + badDates.size,
    });
  }

  /**
   * A bar job that failed for good (attempts spent, refused by the provider):
   * its unsettled cells are recorded `failed` with the reason, and its planned
   * call failed, so the run ends (partial or failed) instead of running forever.
   * Gap repair plans those cells again.
   */
  async onFinalFailure(job: PolygonJob, failure: FinalFailure): Promise<void> {
    if (job.kind !== 'grouped-daily' && job.kind !== 'aggregates-range') return;
    const reason = `call failed after ${failure.attempts} attempt(s): ${failure.reason}`;
    const cells =
      job.kind === 'grouped-daily'
        ? (await this.ledger.unsettledOn(await this.activeSymbols(), job.date)).map((symbol) => ({
            symbol,
            date: job.date,
          }))
        : await this.unsettledSessions(job.symbol, job.from, job.to);
    await this.ledger.write(cells.map((c) => ({ ...c, status: 'failed' as const, errorMessage: reason })));
    await this.runs.markCallFailed(POLYGON_JOBS.idFor(job), reason);
    this.logger.warn(
      { provider: 'polygon', job_id: failure.jobId, cells: cells.length, reason },
      'planned call failed for good: cells recorded as failed',
    );
  }

  /** The empty-answer case of ingestGrouped: not_available cells, then a later retry with backoff. */
  private async notAvailableYet(job: GroupedDailyJob, context: JobContext): Promise<never> {
    const unsettled = await this.ledger.unsettledOn(await this.activeSymbols(), job.date);
    const reason = `grouped daily answer for trading session ${job.date} was empty (not published yet, or lost upstream)`;
    await this.ledger.write(
      unsettled.map((symbol) => ({ symbol, date: job.date, status: 'not_available' as const, errorMessage: reason })),
    );
    const delayMs = Math.min(
      this.config.EMPTY_ANSWER_RETRY_MS * 2 ** Math.min(Math.max(context.starts - 1, 0), 20),
      EMPTY_ANSWER_MAX_RETRY_MS,
    );
    this.logger.warn(
      { provider: 'polygon', date: job.date, cells: unsettled.length, retry_in_ms: delayMs, success: false },
      'empty answer for a trading session: cells not available yet',
    );
    throw new RetryLaterError(delayMs, reason);
  }

  private async activeSymbols(): Promise<string[]> {
    return (await this.symbols.list()).filter((s) => s.status === 'active').map((s) => s.symbol);
  }

  private async unsettledSessions(
    symbol: string,
    from: IsoDate,
    to: IsoDate,
  ): Promise<{ symbol: string; date: IsoDate }[]> {
    const settled = new Set(
      (await this.ledger.entries([symbol], from, to))
        .filter((e) => e.status === 'success' || e.status === 'no_data')
        .map((e) => e.date),
    );
    return sessionDates({ calendar: this.calendar, from, to })
      .filter((date) => !settled.has(date))
      .map((date) => ({ symbol, date }));
  }

  private done(kind: string, started: number, summary: Record<string, string | number>): JobOutcome {
    const duration = (Date.now() - started) / 1000;
    this.metrics.ingestionDuration.observe({ kind }, duration);
    this.logger.info(
      {
        provider: 'polygon',
        kind,
        ...summary,
        data_points: summary['stored'],
        duration_seconds: duration,
        success: true,
      },
      'bars ingested',
    );
    return summary;
  }
}
