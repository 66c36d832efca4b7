import type { ProviderConfigStore } from '@mdi/domain';
import { apiKeyMatches, hashApiKey } from './api-key-hash';

export interface ProviderRegistrationInput {
  readonly providerName: string;
  /** The credential to fingerprint (for Alpaca, key id and secret together). */
  readonly apiKey: string;
  readonly rateLimitPerMinute: number;
  readonly isActive: boolean;
}

/**
 * Records at start-up which provider runs with which key, rate limit and
 * state, so operators can tell deployments apart without seeing a key.
 * The stored hash is kept while the key is unchanged (its salt is reused
 * only by verifying against it), so the row changes only when the key does.
 */
export class ProviderRegistration {
  constructor(private readonly repository: ProviderConfigStore) {}

  async register(input: ProviderRegistrationInput): Promise<{ apiKeyHash: string; keyChanged: boolean }> {
    const existing = await this.repository.get(input.providerName);
    const unchanged = existing !== null && (await apiKeyMatches(input.apiKey, existing.apiKeyHash));
    const apiKeyHash = unchanged && existing?.apiKeyHash ? existing.apiKeyHash : await hashApiKey(input.apiKey);
    await this.repository.record({
      providerName: input.providerName,
      apiKeyHash,
      rateLimitPerMinute: input.rateLimitPerMinute,
      isActive: input.isActive,
    });
    return { apiKeyHash, keyChanged: !unchanged };
  }
}

/** Per-minute figure for provider_config when a test compresses the window. */
export function perMinute(rateLimit: number, windowMs: number): number {
  return Math.max(1, Math.round((rateLimit * 60_000) / windowMs));
}
