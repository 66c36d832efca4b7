import { createTestDatabase, providerConfigStore, type TestDatabase } from '@mdi/testing';
import { apiKeyMatches, hashApiKey } from './api-key-hash';
import { ProviderRegistration } from './provider-registration.service';

describe('ProviderRegistration in provider_config (real PostgreSQL)', () => {
  let db: TestDatabase;
  let registration: ProviderRegistration;
  const key = 'pk_live_registration_test_0123456789';

  beforeAll(async () => {
    db = await createTestDatabase();
    registration = new ProviderRegistration(providerConfigStore(db));
  });
  afterAll(() => db?.drop());

  const row = async (name: string) =>
    (
      await db.dataSource.query(
        'SELECT provider_name, api_key_hash, rate_limit_per_minute, is_active, last_updated FROM data_ingestion.provider_config WHERE provider_name = $1',
        [name],
      )
    )[0];

  it('stores a salted scrypt hash, never the key, with the rate limit and active flag', async () => {
    await registration.register({ providerName: 'polygon', apiKey: key, rateLimitPerMinute: 4, isActive: true });
    const stored = await row('polygon');
    expect(stored).toMatchObject({ provider_name: 'polygon', rate_limit_per_minute: 4, is_active: true });
    expect(stored.api_key_hash).toMatch(/^scrypt\$[A-Za-z0-9_-]+\$[A-Za-z0-9_-]+$/);
    expect(stored.api_key_hash).not.toContain(key);
    expect(JSON.stringify(stored)).not.toContain(key.slice(4, 20));
    expect(await apiKeyMatches(key, stored.api_key_hash)).toBe(true);
    expect(await apiKeyMatches('pk_some_other_key_0000', stored.api_key_hash)).toBe(false);
  });

  it('salts: the same key hashes differently each time, both verify', async () => {
    const a = await hashApiKey(key);
    const b = await hashApiKey(key);
    expect(a).not.toBe(b);
    expect(await apiKeyMatches(key, a)).toBe(true);
    expect(await apiKeyMatches(key, b)).toBe(true);
  });

  it('keeps the row as it is on a restart with the same key, and rewrites it when the key changes', async () => {
    const before = await row('polygon');
    const again = await registration.register({
      providerName: 'polygon',
      apiKey: key,
      rateLimitPerMinute: 4,
      isActive: true,
    });
    expect(again.keyChanged).toBe(false);
    const after = await row('polygon');
    expect(after.api_key_hash).toBe(before.api_key_hash);
    expect(after.last_updated.getTime()).toBe(before.last_updated.getTime());

    const rotated = await registration.register({
      providerName: 'polygon',
      apiKey: 'pk_rotated_key_9876543210',
      rateLimitPerMinute: 4,
      isActive: true,
    });
    expect(rotated.keyChanged).toBe(true);
    const changed = await row('polygon');
    expect(changed.api_key_hash).not.toBe(before.api_key_hash);
    expect(await apiKeyMatches('pk_rotated_key_9876543210', changed.api_key_hash)).toBe(true);
  });

  it('refuses junk in place of a hash when verifying', async () => {
    expect(await apiKeyMatches(key, null)).toBe(false);
    expect(await apiKeyMatches(key, key)).toBe(false);
    expect(await apiKeyMatches(key, 'scrypt$short$short')).toBe(false);
    await expect(hashApiKey('')).rejects.toThrow('cannot hash an empty key');
  });
});
