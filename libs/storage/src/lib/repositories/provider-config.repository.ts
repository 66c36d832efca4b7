import {
  PROVIDER_CONFIG_STORE,
  type ProviderConfigRecord,
  type ProviderConfigStore,
  type StoredProviderConfig,
} from '@mdi/domain';
import { Global, Module } from '@nestjs/common';
import { DataSource } from 'typeorm';

interface ProviderRow {
  provider_name: string;
  api_key_hash: string | null;
  rate_limit_per_minute: number | null;
  is_active: boolean;
  last_updated: Date;
}

/** data_ingestion.provider_config: what each provider runs with, recorded at start-up. */
export class ProviderConfigRepository implements ProviderConfigStore {
  constructor(private readonly dataSource: DataSource) {}

  /** Upsert; last_updated moves only when something changed. */
  async record(config: ProviderConfigRecord): Promise<void> {
    const problems: string[] = [];
    if (typeof config?.providerName !== 'string' || !/^[a-z][a-z0-9_-]{0,49}$/.test(config.providerName)) {
      problems.push(`providerName must be 1-50 lower-case characters, got ${String(config?.providerName)}`);
    }
    if (config?.apiKeyHash !== null && !(typeof config?.apiKeyHash === 'string' && config.apiKeyHash.length <= 255)) {
      problems.push('apiKeyHash must be null or at most 255 characters');
    }
    const rate = config?.rateLimitPerMinute;
    if (rate !== null && !(Number.isInteger(rate) && rate > 0 && rate <= 2_147_483_647)) {
      problems.push(`rateLimitPerMinute must be a positive integer or null, got ${String(rate)}`);
    }
    if (typeof config?.isActive !== 'boolean') problems.push('isActive must be a boolean');
    if (problems.length > 0) {
      throw new RangeError(`cannot record provider config: ${problems.join('; ')}`);
    }
    await this.dataSource.query(
      `INSERT INTO data_ingestion.provider_config AS p (provider_name, api_key_hash, rate_limit_per_minute, is_active)
       VALUES ($1, $2, $3, $4)
       ON CONFLICT (provider_name) DO UPDATE
          SET api_key_hash = EXCLUDED.api_key_hash, rate_limit_per_minute = EXCLUDED.rate_limit_per_minute,
              is_active = EXCLUDED.is_active, last_updated = now()
        WHERE (p.api_key_hash, p.rate_limit_per_minute, p.is_active)
              IS DISTINCT FROM (EXCLUDED.api_key_hash, EXCLUDED.rate_limit_per_minute, EXCLUDED.is_active)`,
      [config.providerName, config.apiKeyHash, config.rateLimitPerMinute, config.isActive],
    );
  }

  async get(providerName: string): Promise<StoredProviderConfig | null> {
    const rows: ProviderRow[] = await this.dataSource.query(
      `SELECT provider_name, api_key_hash, rate_limit_per_minute, is_active, last_updated
         FROM data_ingestion.provider_config WHERE provider_name = $1`,
      [providerName],
    );
    const row = rows[0];
    return row
      ? {
          providerName: row.provider_name,
          apiKeyHash: row.api_key_hash,
          rateLimitPerMinute: row.rate_limit_per_minute,
          isActive: row.is_active,
          lastUpdated: row.last_updated,
        }
      : null;
  }
}

/**
 * Supplies this repository under the domain's PROVIDER_CONFIG_STORE token, to
 * the whole application, for ProvidersModule to record each provider at
 * start-up: @mdi/providers declares what it needs and may not import storage,
 * so an app that runs a provider imports this module next to StorageModule
 * (whose DataSource it uses).
 */
@Global()
@Module({
  providers: [
    {
      provide: PROVIDER_CONFIG_STORE,
      useFactory: (dataSource: DataSource) => new ProviderConfigRepository(dataSource),
      inject: [DataSource],
    },
  ],
  exports: [PROVIDER_CONFIG_STORE],
})
export class ProviderConfigStoreModule {}
