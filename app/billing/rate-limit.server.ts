/**
 * Per-shop request rate limit: a token bucket in Redis, updated by one Lua script so that every
 * app process shares it and a check-and-take is atomic. The clock is Redis's own (TIME), so
 * processes with skewed clocks agree. Keys live under the deployment's REDIS_PREFIX and expire
 * once the bucket would be full again.
 */
import type { Redis } from "ioredis";

const TAKE_TOKENS = `
local key = KEYS[1]
local capacity = tonumber(ARGV[1])
local refill_per_ms = tonumber(ARGV[2])
local cost = tonumber(ARGV[3])
local take = ARGV[4] == '1'
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local state = redis.call('HMGET', key, 'tokens', 'ts')
local tokens = tonumber(state[1]) or capacity
local ts = tonumber(state[2]) or now
tokens = math.min(capacity, tokens + math.max(0, now - ts) * refill_per_ms)
local allowed = 0
local retry_after = 0
if tokens >= cost then
  tokens = tokens - cost
  allowed = 1
else
  retry_after = math.ceil((cost - tokens) / refill_per_ms)
end
if take then
  redis.call('HSET', key, 'tokens', tostring(tokens), 'ts', tostring(now))
  redis.call('PEXPIRE', key, math.ceil(capacity / refill_per_ms) + 1000)
end
return {allowed, retry_after}
`;

export interface BucketLimit {
  /** Most tokens the bucket holds: the burst size. */
  capacity: number;
  /** Tokens added back per minute. */
  perMinute: number;
}

export type TakeResult = { allowed: true } | { allowed: false; retryAfterMs: number };

async function runBucket(redis: Redis, key: string, limit: BucketLimit, cost: number, take: boolean): Promise<TakeResult> {
  const [allowed, retryAfterMs] = (await redis.eval(TAKE_TOKENS, 1, key, limit.capacity, limit.perMinute / 60_000, cost, take ? "1" : "0")) as [number, number];
  return allowed === 1 ? { allowed: true } : { allowed: false, retryAfterMs };
}

export async function takeTokens(redis: Redis, key: string, limit: BucketLimit, cost = 1): Promise<TakeResult> {
  return runBucket(redis, key, limit, cost, true);
}

/** Whether `takeTokens` would succeed now, without taking anything or touching the bucket. */
export async function peekTokens(redis: Redis, key: string, limit: BucketLimit, cost = 1): Promise<TakeResult> {
  return runBucket(redis, key, limit, cost, false);
}

export function generationBucketKey(prefix: string, shopId: string): string {
  return `${prefix}:ratelimit:generations:${shopId}`;
}
