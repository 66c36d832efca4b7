import type { ThrottlerStorage } from '@nestjs/throttler';
import type { Redis } from 'ioredis';

/** @nestjs/throttler's storage record: times in seconds, as its guard and in-memory storage report them. */
export interface ThrottlerRecord {
  totalHits: number;
  timeToExpire: number;
  isBlocked: boolean;
  timeToBlockExpire: number;
}

/*
 * One hit in a fixed window (KEYS[1], expires after ARGV[1] ms); the hit
 * that exceeds ARGV[2] blocks the key for ARGV[3] ms (KEYS[2]). While
 * blocked nothing is counted. Returns hits, window ms left, blocked (0/1),
 * block ms left.
 */
const INCREMENT = `
local blockLeft = redis.call('PTTL', KEYS[2])
if blockLeft > 0 then return {tonumber(ARGV[2]) + 1, blockLeft, 1, blockLeft} end
local hits = redis.call('INCR', KEYS[1])
if hits == 1 then redis.call('PEXPIRE', KEYS[1], ARGV[1]) end
local windowLeft = redis.call('PTTL', KEYS[1])
if hits > tonumber(ARGV[2]) then
  redis.call('SET', KEYS[2], '1', 'PX', ARGV[3])
  redis.call('DEL', KEYS[1])
  return {hits, windowLeft, 1, tonumber(ARGV[3])}
end
return {hits, windowLeft, 0, 0}
`;

const seconds = (ms: number) => Math.max(0, Math.ceil(ms / 1000));

/**
 * @nestjs/throttler storage in Redis, so every gateway replica counts the
 * same hits (in-process storage would give each replica its own limit).
 * Adds blockedFor, which reads a block without counting a hit.
 */
export class RedisThrottlerStorage implements ThrottlerStorage {
  constructor(
    private readonly redis: Redis,
    private readonly keyPrefix: string,
  ) {}

  async increment(
    key: string,
    ttl: number,
    limit: number,
    blockDuration: number,
    throttlerName: string,
  ): Promise<ThrottlerRecord> {
    const [hits, windowLeft, blocked, blockLeft] = (await this.redis.eval(
      INCREMENT,
      2,
      this.hitsKey(key, throttlerName),
      this.blockKey(key, throttlerName),
      String(ttl),
      String(limit),
      String(blockDuration),
    )) as [number, number, number, number];
    return {
      totalHits: hits,
      timeToExpire: seconds(windowLeft),
      isBlocked: blocked === 1,
      timeToBlockExpire: seconds(blockLeft),
    };
  }

  /** Seconds the key stays blocked; 0 when it is not blocked. */
  async blockedFor(key: string, throttlerName: string): Promise<number> {
    return seconds(await this.redis.pttl(this.blockKey(key, throttlerName)));
  }

  private hitsKey(key: string, throttlerName: string): string {
    return `${this.keyPrefix}:${throttlerName}:hits:${key}`;
  }

  private blockKey(key: string, throttlerName: string): string {
    return `${this.keyPrefix}:${throttlerName}:blocked:${key}`;
  }
}
