/** The seed's Redis keys ("Redis Caching Strategy"). */
export const CacheKeys = {
  bars: (symbol: string, timeframe: string) => `data:bars:${symbol}:${timeframe}`,
  activeSymbols: () => 'data:active_symbols',
  rateLimit: (provider: string) => `rate_limit:${provider}`,
  lastUpdate: (symbol: string) => `data:last_update:${symbol}`,
} as const;

/** The seed's TTLs in seconds; `bars` is overridden by DATA_INGESTION_CACHE_TTL. */
export const CACHE_TTL_SECONDS = {
  bars: 300,
  activeSymbols: 3600,
  rateLimit: 60,
  lastUpdate: 300,
} as const;
