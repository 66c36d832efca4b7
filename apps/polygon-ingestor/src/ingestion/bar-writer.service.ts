import { etMidnight, sessionDateOf, type MarketDataBar, type MarketDataSource } from '@mdi/domain';
import { MetricsService } from '@mdi/platform';
import { MarketDataCache, MarketDataRepository, QualityLogRepository, type UpsertBarsResult } from '@mdi/storage';
import type { RejectedProviderRow } from '@mdi/providers';
import { Inject, Injectable } from '@nestjs/common';
import { Clock } from '../core/clock';
import { MARKET_DATA_SOURCE } from '../core/market-data-source';
import { qualityLogsOf } from './rejected-rows';

/**
 * The one path from a provider answer to storage: bars upserted (validated
 * again by the repository), refused rows to data_quality_logs (never to
 * market_data), cache and metrics updated. Bars carry their own source
 * (the provider's transformer sets it); the metrics are labelled with the
 * delivering provider (the ingestor's MARKET_DATA_SOURCE unless another is named).
 */
@Injectable()
export class BarWriter {
  constructor(
    private readonly bars: MarketDataRepository,
    private readonly qualityLogs: QualityLogRepository,
    private readonly cache: MarketDataCache,
    private readonly metrics: MetricsService,
    private readonly clock: Clock,
    @Inject(MARKET_DATA_SOURCE) private readonly source: MarketDataSource,
  ) {}

  async write(
    bars: readonly MarketDataBar[],
    rejected: readonly RejectedProviderRow[],
    context: { endpoint: string; jobId: string; symbol?: string; provider?: MarketDataSource },
  ): Promise<UpsertBarsResult> {
    const result = await this.bars.upsertBars(bars);
    const refused: RejectedProviderRow[] = [
      ...rejected,
      ...result.rejected.map((r) => ({ row: bars[r.index], reasons: r.reasons })),
    ];
    if (refused.length > 0) await this.qualityLogs.insert(qualityLogsOf(refused, context));
    this.count(result, refused.length, context.provider ?? this.source);
    await this.refreshCache(bars);
    return result;
  }

  /** mdi_bars_ingested_total by the bars' source: the provider that delivered them (Alpaca's are its own series). */
  private count(result: UpsertBarsResult, refused: number, source: MarketDataSource): void {
    const inc = (outcome: string, n: number) => n > 0 && this.metrics.barsIngested.inc({ source, outcome }, n);
    inc('inserted', result.inserted);
    inc('updated', result.updated);
    inc('unchanged', result.unchanged);
    inc('rejected', refused);
  }

  /** Newest bar per symbol: freshness gauge, `data:last_update:*`, and `data:bars:*` dropped so readers reload. */
  private async refreshCache(bars: readonly MarketDataBar[]): Promise<void> {
    const newest = new Map<string, Date>();
    for (const bar of bars) {
      const current = newest.get(bar.symbol);
      if (!current || current < bar.timestamp) newest.set(bar.symbol, bar.timestamp);
    }
    const now = this.clock.now();
    await Promise.all(
      [...newest].map(async ([symbol, timestamp]) => {
        const sessionEnd = etMidnight(sessionDateOf(timestamp)).getTime() + 16 * 3600_000;
        this.metrics.dataFreshness.set({ symbol }, Math.max(0, (now.getTime() - sessionEnd) / 1000));
        await this.cache.invalidateBars(symbol, '1d');
        await this.cache.setLastUpdate(symbol, now);
      }),
    );
  }
}
