import type { Redis } from 'ioredis';

/*
 * Takes one call slot from a queue's limiter key the way BullMQ's own
 * moveToActive script does (INCR, PEXPIRE on the first call of a window),
 * for the rare call made outside a worker (the connectivity check), so even
 * that call stays inside the budget every replica shares.
 */
const TAKE_SLOT = `
local used = tonumber(redis.call('GET', KEYS[1]) or '0')
if used >= tonumber(ARGV[1]) then
  local ttl = redis.call('PTTL', KEYS[1])
  if ttl > 0 then return ttl end
end
local now = redis.call('INCR', KEYS[1])
if now == 1 then redis.call('PEXPIRE', KEYS[1], ARGV[2]) end
return 0`;

/** 0 when a slot was taken, otherwise the milliseconds until one frees up. */
export async function takeBudgetSlot(
  redis: Redis,
  limiterKey: string,
  limiter: { max: number; duration: number },
): Promise<number> {
  const wait = await redis.eval(TAKE_SLOT, 1, limiterKey, limiter.max, limiter.duration);
  return Number(wait);
}
