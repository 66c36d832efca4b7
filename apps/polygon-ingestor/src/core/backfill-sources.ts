import type { CallBudget, MarketDataSource } from '@mdi/domain';
import type { PolygonIngestorConfig } from '../app/polygon-ingestor.config';

export interface BackfillSources {
  /** HISTORICAL_DATA_SOURCE: fills the cells no source has settled. */
  readonly primary: MarketDataSource;
  /** BACKFILL_SECONDARY_SOURCE: confirms every cell its own ledger lacks; null for none. */
  readonly secondary: MarketDataSource | null;
  /** Each source's budget as its limiter runs it (Alpaca: the key's one budget, shared with the monitor). */
  readonly budgets: Record<MarketDataSource, CallBudget>;
}

export function backfillSourcesOf(config: PolygonIngestorConfig): BackfillSources {
  return {
    primary: config.HISTORICAL_DATA_SOURCE,
    secondary: config.BACKFILL_SECONDARY_SOURCE === 'none' ? null : config.BACKFILL_SECONDARY_SOURCE,
    budgets: {
      polygon: { calls: config.POLYGON_RATE_LIMIT_PER_MINUTE, windowMs: config.POLYGON_RATE_WINDOW_MS },
      alpaca: { calls: config.ALPACA_RATE_LIMIT_PER_MINUTE, windowMs: config.ALPACA_RATE_WINDOW_MS },
    },
  };
}
