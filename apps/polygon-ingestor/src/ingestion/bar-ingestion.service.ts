import {
  jobIdFor,
  sessionDateOf,
  sessionDates,
  type AggregatesRangeJob,
  type GroupedDailyJob,
  type IsoDate,
  type MarketDataBar,
  type SymbolDataStatus,
  type TradingCalendar,
} from '@mdi/domain';
import { MetricsService } from '@mdi/platform';
import type { JobContext, JobOutcome, ProviderPage, ProviderResult } from '@mdi/providers';
import { BackfillRunRepository, ReferenceTickerRepository, SymbolRepository } from '@mdi/storage';
import { Inject, Injectable } from '@nestjs/common';
import { PinoLogger } from 'nestjs-pino';
import { TRADING_CALENDAR } from '../core/trading-calendar.token';
import { CoverageLedger } from '../ledger/coverage-ledger';
import { DelistingService } from '../symbols/delisting.service';
import { BarWriter } from './bar-writer.service';
import { cellOfRejectedRow } from './rejected-rows';

type LedgerRow = Omit<SymbolDataStatus, 'dataSource'>;

/**
 * Handlers of the two bar jobs. Each writes the bars, then one ledger row
 * per cell the call was responsible for (success / failed / no_data), then
 * marks the planned call done: a crash before that point repeats the call,
 * never loses a cell.
 */
@Injectable()
export class BarIngestionService {
  constructor(
    @Inject(TRADING_CALENDAR) private readonly calendar: TradingCalendar,
    private readonly writer: BarWriter,
    private readonly ledger: CoverageLedger,
    private readonly symbols: SymbolRepository,
    private readonly references: ReferenceTickerRepository,
    private readonly runs: BackfillRunRepository,
    private readonly delisting: DelistingService,
    private readonly metrics: MetricsService,
    private readonly logger: PinoLogger,
  ) {
    this.logger.setContext(BarIngestionService.name);
  }

  /** One grouped-daily answer: every US stock on one date; we keep the universe's. */
  async ingestGrouped(result: ProviderResult<MarketDataBar>, job: GroupedDailyJob, context: JobContext): Promise<JobOutcome> {
    const started = Date.now();
    const universe = await this.symbols.list();
    const active = new Set(universe.filter((s) => s.status === 'active').map((s) => s.symbol));
    const delisted = new Set(universe.filter((s) => s.status === 'delisted').map((s) => s.symbol));
    await this.references.markSeen(result.items.map((b) => b.symbol), job.date);

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
      if (failed.has(symbol)) return { symbol, date: job.date, status: 'failed', errorMessage: failed.get(symbol) ?? null };
      if (withBar.has(symbol)) return { symbol, date: job.date, status: 'success', errorMessage: null };
      return { symbol, date: job.date, status: 'no_data', errorMessage: 'absent from the grouped daily answer' };
    });
    await this.ledger.write(rows);
    await this.delisting.checkNoDataRuns(rows.filter((r) => r.status === 'no_data').map((r) => r.symbol));
    await this.runs.markCallDone(jobIdFor(job));
    return this.done('grouped-daily', started, { date: job.date, stored: mine.length - stored.rejected.length, failed: failed.size, no_data: rows.filter((r) => r.status === 'no_data').length });
  }

  /** One page of a symbol's range: ledger rows for every session of the range once the last page is in. */
  async ingestRange(result: ProviderPage<MarketDataBar>, job: AggregatesRangeJob, context: JobContext): Promise<JobOutcome> {
    const started = Date.now();
    const stored = await this.writer.write(result.items, result.rejected, { endpoint: 'aggregates-range', jobId: context.jobId, symbol: job.symbol });
    const badDates = new Set(stored.rejected.map((r) => sessionDateOf(result.items[r.index].timestamp)));
    const failed = new Map<IsoDate, string>();
    for (const r of result.rejected) {
      const { date } = cellOfRejectedRow(r.row, job.symbol);
      if (date) failed.set(date, r.reasons.join('; '));
    }
    const withBar = new Set(result.items.map((b) => sessionDateOf(b.timestamp)).filter((d) => !badDates.has(d)));
    const rows: LedgerRow[] = [];
    for (const date of sessionDates({ calendar: this.calendar, from: job.from, to: job.to })) {
      if (failed.has(date) || badDates.has(date)) rows.push({ symbol: job.symbol, date, status: 'failed', errorMessage: failed.get(date) ?? 'refused by validation' });
      else if (withBar.has(date)) rows.push({ symbol: job.symbol, date, status: 'success', errorMessage: null });
      // More pages may still hold this session: only the last page may call it empty.
      else if (result.nextCursor === null) rows.push({ symbol: job.symbol, date, status: 'no_data', errorMessage: 'no bar in the range answer' });
    }
    // A page cannot tell an earlier page's sessions from empty ones: keep their success rows.
    const settled = context.cursor ? new Set((await this.ledger.entries([job.symbol], job.from, job.to)).filter((e) => e.status === 'success').map((e) => e.date)) : new Set<string>();
    await this.ledger.write(rows.filter((r) => !(r.status === 'no_data' && settled.has(r.date))));
    if (result.nextCursor === null) {
      await this.delisting.checkNoDataRuns([job.symbol]);
      await this.runs.markCallDone(jobIdFor(job));
    }
    return this.done('aggregates-range', started, { symbol: job.symbol, stored: result.items.length - stored.rejected.length, failed: failed.size + badDates.size });
  }

  private done(kind: string, started: number, summary: Record<string, string | number>): JobOutcome {
    const duration = (Date.now() - started) / 1000;
    this.metrics.ingestionDuration.observe({ kind }, duration);
    this.logger.info({ provider: 'polygon', kind, ...summary, data_points: summary['stored'], duration_seconds: duration, success: true }, 'bars ingested');
    return summary;
  }
}
