import {
  MAX_SYMBOLS_PER_BARS_CALL,
  POLYGON_JOBS,
  etInstant,
  stockBarsJob,
  type AlpacaDataJob,
  type IsoDate,
  type PolygonJob,
  type TradingCalendar,
} from '@mdi/domain';
import { ALPACA_DATA_STACK, POLYGON_STACK, type ProviderStack } from '@mdi/providers';
import { Inject, Injectable, Optional } from '@nestjs/common';
import { PinoLogger } from 'nestjs-pino';
import { PolygonIngestorConfig } from '../app/polygon-ingestor.config';
import { Clock } from '../core/clock';
import { TRADING_CALENDAR } from '../core/trading-calendar.token';
import { SourceLedgers } from '../ledger/source-ledgers';

/**
 * End-of-day failover to Alpaca. A session Polygon was already asked for
 * (its grouped-daily job exists) and has still not settled
 * EOD_FAILOVER_AFTER_MS after it was published (its circuit open, its budget
 * exhausted by 429s, its answers failing) is fetched from Alpaca: the active
 * symbols neither source has settled, in bars calls of up to 200 symbols,
 * stored as source 'alpaca' (its own series and ledger rows: marked as such).
 * Nothing changes for Polygon: the end-of-day tick keeps asking it for the
 * session while Polygon's own ledger lacks it, so Polygon's bar comes later
 * for the same cells. The decision reads Redis and PostgreSQL only, so every
 * replica makes the same one (the circuit breaker is per process), and the
 * job ids are deterministic: one Alpaca call per chunk whatever the replicas.
 */
@Injectable()
export class EndOfDayFailover {
  constructor(
    private readonly config: PolygonIngestorConfig,
    private readonly clock: Clock,
    @Inject(TRADING_CALENDAR) private readonly calendar: TradingCalendar,
    private readonly ledgers: SourceLedgers,
    @Inject(POLYGON_STACK) private readonly polygon: ProviderStack<PolygonJob>,
    private readonly logger: PinoLogger,
    @Optional() @Inject(ALPACA_DATA_STACK) private readonly alpaca?: ProviderStack<AlpacaDataJob>,
  ) {
    this.logger.setContext(EndOfDayFailover.name);
  }

  get enabled(): boolean {
    return this.alpaca !== undefined && this.config.EOD_FAILOVER_AFTER_MS > 0;
  }

  /** The Alpaca jobs enqueued for `date` (none when Polygon is not overdue or Alpaca has it already). */
  async failOver(date: IsoDate, active: readonly string[]): Promise<{ jobId: string; status: string }[]> {
    if (!this.alpaca || !this.enabled || !(await this.polygonOverdue(date))) return [];
    const polygonMissing = await this.ledgers.of('polygon').unsettledOn(active, date);
    const missing = await this.ledgers.of('alpaca').unsettledOn(polygonMissing, date);
    const enqueued: { jobId: string; status: string }[] = [];
    for (let i = 0; i < missing.length; i += MAX_SYMBOLS_PER_BARS_CALL) {
      const job = stockBarsJob(missing.slice(i, i + MAX_SYMBOLS_PER_BARS_CALL), date, date);
      const { jobId, status } = await this.alpaca.queue.enqueue({ job });
      enqueued.push({ jobId, status });
    }
    if (enqueued.some((e) => e.status !== 'already-queued')) {
      this.logger.warn(
        { provider: 'alpaca', date, symbols: missing.length, job_ids: enqueued.map((e) => e.jobId) },
        'end-of-day failover: Polygon has not delivered the session in time, taking it from Alpaca',
      );
    }
    return enqueued;
  }

  /** Polygon was asked for the session and it is still unsettled EOD_FAILOVER_AFTER_MS after publication. */
  private async polygonOverdue(date: IsoDate): Promise<boolean> {
    const session = this.calendar.sessionsBetween(date, date)[0];
    if (!session) return false;
    const published = etInstant(date, session.close).getTime() + this.config.EOD_DELAY_MINUTES * 60_000;
    if (this.clock.now().getTime() - published < this.config.EOD_FAILOVER_AFTER_MS) return false;
    const asked = await this.polygon.queue.bullQueue.getJob(POLYGON_JOBS.idFor({ kind: 'grouped-daily', date }));
    return asked !== undefined && (await asked.getState()) !== 'completed';
  }
}
