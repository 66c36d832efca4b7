import type { AccountSnapshot } from '@mdi/domain';
import { createCacheRedisClient, type StoredPosition } from '@mdi/storage';
import type Redis from 'ioredis';

export interface AccountStateCacheOptions {
  readonly redisUrl: string;
  readonly keyPrefix: string;
  readonly ttlSeconds: number;
  /** A command slower than this counts as a miss. */
  readonly commandTimeoutMs?: number;
}

export interface CachedPositions {
  readonly readAt: string;
  readonly positions: readonly StoredPosition[];
}

/*
 * Writes only when the value is newer than the cached one (by its read time,
 * an ISO string, so byte order is time order): a slow replica finishing an
 * older poll cannot put an older state over a newer one.
 */
const SET_IF_NEWER = `
local current = redis.call('GET', KEYS[1])
if current then
  local ok, value = pcall(cjson.decode, current)
  if ok and type(value) == 'table' and type(value['at']) == 'string' and value['at'] > ARGV[2] then return 0 end
end
redis.call('SET', KEYS[1], ARGV[1], 'EX', ARGV[3])
return 1`;

/**
 * The latest account snapshot and position set in Redis. An accelerator
 * only: every failure (Redis down, slow, a corrupt value) is a miss or a
 * no-op within the command timeout, and readers fall back to PostgreSQL.
 */
export class AccountStateCache {
  private readonly redis: Redis;

  constructor(private readonly options: AccountStateCacheOptions) {
    this.redis = createCacheRedisClient(options);
  }

  setAccount(snapshot: AccountSnapshot): Promise<void> {
    return this.setIfNewer('alpaca:account', snapshot.capturedAt, snapshot);
  }

  async getAccount(): Promise<AccountSnapshot | null> {
    const value = await this.get<AccountSnapshot & { capturedAt: string }>('alpaca:account');
    return value ? { ...value, capturedAt: new Date(value.capturedAt) } : null;
  }

  setPositions(positions: readonly StoredPosition[], readAt: Date): Promise<void> {
    return this.setIfNewer('alpaca:positions', readAt, { readAt: readAt.toISOString(), positions });
  }

  async getPositions(): Promise<StoredPosition[] | null> {
    const value = await this.get<CachedPositions>('alpaca:positions');
    return value ? value.positions.map((p) => ({ ...p, updatedAt: new Date(p.updatedAt) })) : null;
  }

  async onModuleDestroy(): Promise<void> {
    if (this.redis.status === 'ready') await this.redis.quit().catch(() => undefined);
    this.redis.disconnect(false);
  }

  private async setIfNewer(key: string, at: Date, value: unknown): Promise<void> {
    this.connectIfIdle();
    const iso = at.toISOString();
    try {
      await this.redis.eval(SET_IF_NEWER, 1, key, JSON.stringify({ at: iso, value }), iso, this.options.ttlSeconds);
    } catch {
      // The cache is optional: PostgreSQL already holds the value.
    }
  }

  private async get<T>(key: string): Promise<T | null> {
    this.connectIfIdle();
    try {
      const raw = await this.redis.get(key);
      return raw === null ? null : ((JSON.parse(raw) as { value: T }).value ?? null);
    } catch {
      return null;
    }
  }

  private connectIfIdle(): void {
    if (this.redis.status === 'wait') this.redis.connect().catch(() => undefined);
  }
}
