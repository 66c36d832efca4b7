import { ALPACA_DEFAULT_RATE_LIMIT, POLYGON_DEFAULT_RATE_LIMIT, ProviderServiceConfig } from '@mdi/providers';
import { ApiKeyVariable, EnvBoolean, EnvInteger, EnvList, ServiceTokenVariable } from '@mdi/platform';
import { IsBoolean, IsIn, IsISO8601, IsOptional, Matches, ValidateBy, ValidateIf } from 'class-validator';
import { IsCronOrOff } from '../config/cron-expression.validator';
import { IsTickerList } from '../config/ticker-list.validator';

/** Where historical bars may come from (HISTORICAL_DATA_SOURCE); BACKFILL_SECONDARY_SOURCE also takes `none`. */
export const HISTORICAL_SOURCES = ['polygon', 'alpaca'] as const;
export type HistoricalSource = (typeof HISTORICAL_SOURCES)[number];
export const SECONDARY_SOURCES = ['none', ...HISTORICAL_SOURCES] as const;

/** True when either backfill source is Alpaca: the Alpaca key, data host and budget are then needed. */
export function usesAlpacaData(
  config: Pick<PolygonIngestorConfig, 'HISTORICAL_DATA_SOURCE' | 'BACKFILL_SECONDARY_SOURCE'>,
) {
  return config.HISTORICAL_DATA_SOURCE === 'alpaca' || config.BACKFILL_SECONDARY_SOURCE === 'alpaca';
}

export class PolygonIngestorConfig extends ProviderServiceConfig {
  override PORT = 3001;

  @ApiKeyVariable()
  POLYGON_API_KEY!: string;

  /** Bearer token of the write endpoints; only the gateway and the CLI hold it. */
  @ServiceTokenVariable()
  INTERNAL_API_TOKEN!: string;

  /** Any http(s) origin: Polygon also serves the same API, with the same keys, as https://api.massive.com. */
  @Matches(/^https?:\/\/[^\s/]+(:\d+)?\/?$/, {
    message: 'must be an http(s) origin such as https://api.polygon.io or https://api.massive.com',
  })
  POLYGON_BASE_URL = 'https://api.polygon.io';

  /** Calls per window shared by every replica; 4 = 80% of the free tier's 5/min. */
  @EnvInteger({ min: 1, max: 10_000 })
  POLYGON_RATE_LIMIT_PER_MINUTE = POLYGON_DEFAULT_RATE_LIMIT;

  /** Length of the rate-limit window; only tests shorten it. */
  @EnvInteger({ min: 100, unit: 'milliseconds' })
  POLYGON_RATE_WINDOW_MS = 60_000;

  /** History the plan serves (Polygon free tier: 2 years); older dates are refused with a reason. */
  @EnvInteger({ min: 1, max: 30, unit: 'years' })
  POLYGON_HISTORY_YEARS = 2;

  @IsOptional()
  @EnvList()
  @IsTickerList()
  DATA_INGESTION_ACTIVE_SYMBOLS?: string[];

  /** Seed the 100 initial symbols when the universe is empty. */
  @EnvBoolean()
  @IsBoolean({ message: 'must be true or false' })
  SEED_INITIAL_SYMBOLS = true;

  @EnvInteger({ min: 1, unit: 'seconds' })
  DATA_INGESTION_CACHE_TTL = 300;

  @EnvBoolean()
  @IsBoolean({ message: 'must be true or false' })
  ENABLE_HISTORICAL_BACKFILL = true;

  /**
   * Plan and run the backfill of whatever coverage is missing at start-up (gap repair's first
   * tick; needs ENABLE_HISTORICAL_BACKFILL, and GAP_REPAIR_CRON=off turns it off too).
   */
  @EnvBoolean()
  @IsBoolean({ message: 'must be true or false' })
  BACKFILL_ON_START = true;

  /**
   * How often one replica compares the unfinished runs with the queue and enqueues again the calls no
   * queue holds (Redis restarted empty, a job lost): lost work is re-planned within this interval.
   */
  @EnvInteger({ min: 1_000, max: 3_600_000, unit: 'milliseconds' })
  BACKFILL_RECONCILE_INTERVAL_MS = 60_000;

  /** A running run with no call finished for this long is reported `stalled` (status, gateway, alert). */
  @EnvInteger({ min: 1_000, max: 86_400_000, unit: 'milliseconds' })
  BACKFILL_STALL_AFTER_MS = 300_000;

  /** Set by `npm start` when the providers are its simulator: /status says `providers: 'simulated'`. */
  @EnvBoolean()
  @IsBoolean({ message: 'must be true or false' })
  MDI_SIMULATED_PROVIDERS = false;

  /** Run the Polygon queue worker in this process (false: a producer-only replica). */
  @EnvBoolean()
  @IsBoolean({ message: 'must be true or false' })
  RUN_WORKER = true;

  /** End-of-day tick, America/New_York; it only enqueues when a session has closed (calendar). */
  @IsCronOrOff()
  EOD_CRON = '0 */10 13-23 * * 1-5';

  /** Minutes after the close before the first end-of-day call (Polygon publishes after the close). */
  @EnvInteger({ min: 0, max: 600, unit: 'minutes' })
  EOD_DELAY_MINUTES = 20;

  /** Recent sessions the end-of-day tick also checks (one grouped call per missing date). */
  @EnvInteger({ min: 1, max: 30 })
  EOD_CATCHUP_SESSIONS = 5;

  /** Gap repair over the retention window (needs ENABLE_HISTORICAL_BACKFILL). */
  @IsCronOrOff()
  GAP_REPAIR_CRON = '0 30 5 * * *';

  /** Splits and dividends refresh (one paged call each for every ticker). */
  @IsCronOrOff()
  CORPORATE_ACTIONS_CRON = '0 0 5 * * *';

  /** Reference ticker sync: delistings and reactivations. */
  @IsCronOrOff()
  REFERENCE_SYNC_CRON = '0 0 6 * * 1';

  /**
   * Consecutive latest sessions without a bar that make a symbol suspected
   * delisted: one ticker-details call to Polygon then confirms (delisted with
   * its delisted_utc date) or refutes it (stays active).
   */
  @EnvInteger({ min: 2, max: 60 })
  DELISTING_NO_DATA_SESSIONS = 5;

  /**
   * First wait before a session whose grouped-daily answer was empty is asked
   * again; it doubles with every empty answer, up to 6 hours.
   */
  @EnvInteger({ min: 100, max: 6 * 3600_000 })
  EMPTY_ANSWER_RETRY_MS = 10 * 60_000;

  /** Pages one Polygon listing may have before its paging is stopped as endless. */
  @EnvInteger({ min: 1, max: 100_000 })
  POLYGON_MAX_PAGES_PER_LISTING = 500;

  /**
   * Bars one GET /bars/export may hold, counted before any is read: a larger export is refused with its
   * count. The default covers 5,000 symbols x 2 years (about 2.5 M bars, a few hundred MB while encoding).
   */
  @EnvInteger({ min: 1, max: 50_000_000 })
  BARS_EXPORT_MAX_ROWS = 3_000_000;

  /**
   * The seed's variable: the source that fills missing history (`polygon`, or `alpaca`: many symbols x many
   * sessions per call). Every expected cell that no source's ledger has settled is planned on it.
   */
  @IsIn(HISTORICAL_SOURCES, { message: `must be one of ${HISTORICAL_SOURCES.join(', ')}` })
  HISTORICAL_DATA_SOURCE: HistoricalSource = 'polygon';

  /**
   * A source that confirms the primary's history over time (`none` by default): every expected cell its own
   * ledger lacks is planned on it too, so both sources hold the same cells (reconciliation compares them).
   */
  @IsIn(SECONDARY_SOURCES, { message: `must be one of ${SECONDARY_SOURCES.join(', ')}` })
  @ValidateBy({
    name: 'differsFromPrimary',
    validator: {
      validate: (value, args) => value !== (args?.object as PolygonIngestorConfig).HISTORICAL_DATA_SOURCE,
      defaultMessage: () => 'must differ from HISTORICAL_DATA_SOURCE (use none for no secondary)',
    },
  })
  BACKFILL_SECONDARY_SOURCE: HistoricalSource | 'none' = 'none';

  /** The Alpaca key the alpaca-monitor uses (one key, one budget); needed only when a source is alpaca. */
  @ValidateIf(usesAlpacaData)
  @ApiKeyVariable()
  ALPACA_API_KEY?: string;

  @ValidateIf(usesAlpacaData)
  @ApiKeyVariable()
  ALPACA_SECRET_KEY?: string;

  /** Alpaca's market-data host (not the trading host of ALPACA_BASE_URL). */
  @Matches(/^https?:\/\/[^\s/]+(:\d+)?\/?$/, {
    message: 'must be an http(s) origin such as https://data.alpaca.markets',
  })
  ALPACA_DATA_BASE_URL = 'https://data.alpaca.markets';

  /**
   * The key's one budget, shared with the alpaca-monitor (the data queue spends the alpaca-calls limiter):
   * must be the monitor's value. 160 = 80% of Alpaca's documented 200 a minute.
   */
  @EnvInteger({ min: 1, max: 200 })
  ALPACA_RATE_LIMIT_PER_MINUTE = ALPACA_DEFAULT_RATE_LIMIT;

  /**
   * End-of-day failover: a session Polygon was asked for and has not settled this long after it was
   * published is taken from Alpaca (when a backfill source is alpaca); Polygon's bar still comes later.
   * 0 = off.
   */
  @EnvInteger({ min: 0, max: 86_400_000, unit: 'milliseconds' })
  EOD_FAILOVER_AFTER_MS = 30 * 60_000;

  /** Length of the Alpaca budget window; only tests shorten it (the monitor's value too). */
  @EnvInteger({ min: 1000, max: 3_600_000, unit: 'milliseconds' })
  ALPACA_RATE_WINDOW_MS = 60_000;

  /** Prefix of every cache key (tests use a unique one). */
  @IsOptional()
  @Matches(/^[A-Za-z0-9:_-]{1,40}$/, { message: 'must be 1-40 letters, digits, :, _ or -' })
  CACHE_KEY_PREFIX?: string;

  /** Tests and demos only: freeze the service's clock at this instant (ISO 8601). */
  @IsOptional()
  @IsISO8601({ strict: true }, { message: 'must be an ISO 8601 instant such as 2026-11-24T21:00:00Z' })
  CLOCK_FIXED_AT?: string;
}
