/**
 * A shared estimate of one shop's Admin GraphQL cost bucket, kept in Redis so every web and
 * worker process paces against the same numbers. Reservation is virtual scheduling: a caller
 * takes its expected cost immediately (the balance may go negative) and is told how long to wait
 * until the bucket, refilling at the restore rate, would have covered it. Callers therefore queue
 * in arrival order instead of polling, and a request is sent only when Shopify should accept it.
 * Responses settle the estimate with Shopify's own throttleStatus.
 */
import type { Redis } from "ioredis";

export interface ThrottleStatus {
  maximumAvailable: number;
  currentlyAvailable: number;
  restoreRate: number;
}

/** Until Shopify reports the real figures: the smallest standard plan. */
export const DEFAULT_BUCKET = { maximumAvailable: 1000, restoreRate: 100 } as const;

// KEYS[1] bucket hash; ARGV: cost, nowMs, defaultMax, defaultRate. Returns wait in ms.
const RESERVE = `
local b = redis.call('HMGET', KEYS[1], 'available', 'max', 'rate', 'ts')
local now = tonumber(ARGV[2])
local max = tonumber(b[2]) or tonumber(ARGV[3])
local rate = tonumber(b[3]) or tonumber(ARGV[4])
local avail = tonumber(b[1]) or max
local ts = tonumber(b[4]) or now
avail = math.min(max, avail + math.max(0, now - ts) * rate / 1000)
local cost = math.min(tonumber(ARGV[1]), max)
avail = avail - cost
redis.call('HSET', KEYS[1], 'available', tostring(avail), 'max', tostring(max), 'rate', tostring(rate), 'ts', tostring(now))
redis.call('PEXPIRE', KEYS[1], 3600000)
if avail >= 0 then return 0 end
return math.ceil(-avail * 1000 / rate)
`;

// KEYS[1]; ARGV: refund (reserved - charged), serverAvailable|'' , max|'', rate|'', nowMs.
const SETTLE = `
local b = redis.call('HMGET', KEYS[1], 'available', 'max', 'rate', 'ts')
local now = tonumber(ARGV[5])
local max = tonumber(ARGV[3]) or tonumber(b[2])
local rate = tonumber(ARGV[4]) or tonumber(b[3])
if not max or not rate then return 0 end
local avail = tonumber(b[1]) or max
local ts = tonumber(b[4]) or now
avail = math.min(max, avail + math.max(0, now - ts) * rate / 1000 + tonumber(ARGV[1]))
local server = tonumber(ARGV[2])
-- Shopify is the truth when it reports less than we think (another client spent points).
if server and server < avail then avail = server end
redis.call('HSET', KEYS[1], 'available', tostring(avail), 'max', tostring(max), 'rate', tostring(rate), 'ts', tostring(now))
redis.call('PEXPIRE', KEYS[1], 3600000)
return 0
`;

export class CostBucket {
  constructor(
    private readonly redis: Redis,
    private readonly key: string,
    private readonly now: () => number = Date.now,
  ) {}

  static forShop(redis: Redis, prefix: string, shop: string): CostBucket {
    return new CostBucket(redis, `${prefix}:shopify-cost:${shop}`);
  }

  /** Takes `cost` points; returns how many ms to wait before sending. */
  async reserve(cost: number): Promise<number> {
    const wait = await this.redis.eval(
      RESERVE,
      1,
      this.key,
      String(cost),
      String(this.now()),
      String(DEFAULT_BUCKET.maximumAvailable),
      String(DEFAULT_BUCKET.restoreRate),
    );
    return Number(wait);
  }

  /** Corrects the estimate once Shopify answered: `refund` = reserved minus actually charged. */
  async settle(refund: number, status: ThrottleStatus | undefined): Promise<void> {
    await this.redis.eval(
      SETTLE,
      1,
      this.key,
      String(refund),
      status ? String(status.currentlyAvailable) : "",
      status ? String(status.maximumAvailable) : "",
      status ? String(status.restoreRate) : "",
      String(this.now()),
    );
  }
}
