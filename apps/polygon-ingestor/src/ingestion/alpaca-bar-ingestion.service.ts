import {
  ALPACA_DATA_JOBS,
  sessionDateOf,
  sessionDates,
  type MarketDataBar,
  type StockBarsJob,
  type SymbolDataStatus,
  type TradingCalendar,
} from '@mdi/domain';
import { type FinalFailure, type JobContext, type JobOutcome, type ProviderPage } from '@mdi/providers';
import { BackfillRunRepository } from '@mdi/storage';
import { Inject, Injectable } from '@nestjs/common';
import { PinoLogger } from 'nestjs-pino';
import { TRADING_CALENDAR } from '../core/trading-calendar.token';
import { SourceLedgers } from '../ledger/source-ledgers';
import { BarWriter } from './bar-writer.service';
import { cellOfRejectedRow } from './rejected-rows';

type LedgerRow = Omit<SymbolDataStatus, 'dataSource'>;

/**
 * The handler of Alpaca's bars calls: bars stored with source 'alpaca' (their
 * own series under market_data's (symbol, timestamp, source) key), then
 * Alpaca's ledger rows (data_source 'alpaca'): success for each stored bar,
 * failed for each refused one, and, once the last page is in, no_data for
 * every other session of the call's symbols (a page cannot tell a session a
 * later page holds from an empty one). Then the planned call is marked done,
 * as the Polygon handlers do: a crash before repeats the call, never loses a cell.
 */
@Injectable()
export class AlpacaBarIngestion {
  constructor(
    @Inject(TRADING_CALENDAR) private readonly calendar: TradingCalendar,
    private readonly writer: BarWriter,
    private readonly ledgers: SourceLedgers,
    private readonly runs: BackfillRunRepository,
    private readonly logger: PinoLogger,
  ) {
    this.logger.setContext(AlpacaBarIngestion.name);
  }

  async ingest(result: ProviderPage<MarketDataBar>, job: StockBarsJob, context: JobContext): Promise<JobOutcome> {
    const ledger = this.ledgers.of('alpaca');
    const stored = await this.writer.write(result.items, result.rejected, {
      endpoint: 'stock-bars',
      jobId: context.jobId,
      provider: 'alpaca',
    });
    const rows = new Map<string, LedgerRow>();
    const put = (row: LedgerRow) => rows.set(`${row.symbol}|${row.date}`, row);
    const refusedByStorage = new Set(stored.rejected.map((r) => r.index));
    result.items.forEach((bar, index) => {
      const date = sessionDateOf(bar.timestamp);
      if (refusedByStorage.has(index)) {
        put({ symbol: bar.symbol, date, status: 'failed', errorMessage: 'refused by validation' });
      } else put({ symbol: bar.symbol, date, status: 'success', errorMessage: null });
    });
    for (const refused of result.rejected) {
      const { symbol, date } = cellOfRejectedRow(refused.row);
      if (symbol && date) put({ symbol, date, status: 'failed', errorMessage: refused.reasons.join('; ') });
    }
    const stopped = context.pagingStopped;
    if (stopped || result.nextCursor === null) {
      // Earlier pages' successes stand: only the cells nobody has settled are empty (or unknown, if stopped).
      const earlier = await ledger.entries(job.symbols, job.from, job.to);
      const settled = new Set(earlier.filter((e) => e.status === 'success').map((e) => `${e.symbol}|${e.date}`));
      for (const symbol of job.symbols) {
        for (const date of sessionDates({ calendar: this.calendar, from: job.from, to: job.to })) {
          const key = `${symbol}|${date}`;
          if (rows.has(key) || settled.has(key)) continue;
          put(
            stopped
              ? { symbol, date, status: 'failed', errorMessage: `paging stopped: ${stopped}` }
              : { symbol, date, status: 'no_data', errorMessage: 'no bar in the Alpaca bars answer' },
          );
        }
      }
    }
    await ledger.write([...rows.values()]);
    if (stopped) await this.runs.markCallFailed(ALPACA_DATA_JOBS.idFor(job), `paging stopped: ${stopped}`);
    else if (result.nextCursor === null) await this.runs.markCallDone(ALPACA_DATA_JOBS.idFor(job));
    const failed = [...rows.values()].filter((r) => r.status === 'failed').length;
    this.logger.info(
      {
        provider: 'alpaca',
        kind: 'stock-bars',
        symbols: job.symbols.length,
        data_points: result.items.length - stored.rejected.length,
        failed,
        last_page: result.nextCursor === null,
        success: true,
      },
      'bars ingested',
    );
    return { stored: result.items.length - stored.rejected.length, failed };
  }

  /** A bars call that failed for good: its unsettled cells become failed with the reason, its planned call failed. */
  async onFinalFailure(job: StockBarsJob, failure: FinalFailure): Promise<void> {
    const reason = `call failed after ${failure.attempts} attempt(s): ${failure.reason}`;
    const ledger = this.ledgers.of('alpaca');
    const settled = new Set(
      (await ledger.entries(job.symbols, job.from, job.to))
        .filter((e) => e.status === 'success' || e.status === 'no_data')
        .map((e) => `${e.symbol}|${e.date}`),
    );
    const sessions = sessionDates({ calendar: this.calendar, from: job.from, to: job.to });
    const cells = job.symbols.flatMap((symbol) =>
      sessions.filter((date) => !settled.has(`${symbol}|${date}`)).map((date) => ({ symbol, date })),
    );
    await ledger.write(cells.map((c) => ({ ...c, status: 'failed' as const, errorMessage: reason })));
    await this.runs.markCallFailed(ALPACA_DATA_JOBS.idFor(job), reason);
    this.logger.warn(
      { provider: 'alpaca', job_id: failure.jobId, cells: cells.length, reason },
      'planned Alpaca call failed for good: cells recorded as failed',
    );
  }
}
