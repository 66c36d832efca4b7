/** What one provider runs with, as recorded in data_ingestion.provider_config at start-up. */
export interface ProviderConfigRecord {
  readonly providerName: string;
  /** A hash of the key (never the key itself), to notice a key change. */
  readonly apiKeyHash: string | null;
  readonly rateLimitPerMinute: number | null;
  readonly isActive: boolean;
}

export interface StoredProviderConfig extends ProviderConfigRecord {
  readonly lastUpdated: Date;
}

/**
 * Where provider registration reads and records provider_config. The contract
 * lives here so that @mdi/providers (which uses it) and @mdi/storage (which
 * implements it, ProviderConfigRepository) need not import each other: the
 * storage module provides the implementation under PROVIDER_CONFIG_STORE and
 * the providers module injects it.
 */
export interface ProviderConfigStore {
  get(providerName: string): Promise<StoredProviderConfig | null>;
  /** Upsert; last_updated moves only when something changed. */
  record(config: ProviderConfigRecord): Promise<void>;
}

/** Nest injection token of the ProviderConfigStore. */
export const PROVIDER_CONFIG_STORE = Symbol('PROVIDER_CONFIG_STORE');
