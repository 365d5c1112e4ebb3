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

// KEYS[1] bucket hash, KEYS[2] probe flag; ARGV: cost, nowMs. Returns the wait in ms before
// sending, or a negative number: nothing reserved, ask again after that many ms.
const RESERVE = `
local b = redis.call('HMGET', KEYS[1], 'available', 'max', 'rate', 'ts')
if not b[2] then
  -- Size unknown (first call for this shop, or the estimate expired): one request goes alone and
  -- learns the real bucket from Shopify's answer; the others wait for it.
  if redis.call('SET', KEYS[2], '1', 'PX', 2000, 'NX') then return 0 end
  return -50
end
local now = tonumber(ARGV[2])
local max = tonumber(b[2])
local rate = tonumber(b[3])
local avail = tonumber(b[1]) or max
local ts = tonumber(b[4]) or now
avail = math.min(max, avail + math.max(0, now - ts) * rate / 1000)
local cost = math.min(tonumber(ARGV[1]), max)
avail = avail - cost
redis.call('HSET', KEYS[1], 'available', tostring(avail), 'ts', tostring(now))
redis.call('PEXPIRE', KEYS[1], 3600000)
if avail >= 0 then return 0 end
return math.ceil(-avail * 1000 / rate)
`;

// KEYS[1] bucket hash, KEYS[2] probe flag; ARGV: refund (reserved - charged), serverAvailable|'', max|'', rate|'', nowMs.
const SETTLE = `
local b = redis.call('HMGET', KEYS[1], 'available', 'max', 'rate', 'ts')
local now = tonumber(ARGV[5])
local max = tonumber(ARGV[3]) or tonumber(b[2])
local rate = tonumber(ARGV[4]) or tonumber(b[3])
-- No figures from Shopify yet (an HTTP error): the size stays unknown and the next call probes.
if not max or not rate then
  redis.call('DEL', KEYS[2])
  return 0
end
local avail = tonumber(b[1]) or max
local ts = tonumber(b[4]) or now
avail = math.min(max, avail + math.max(0, now - ts) * rate / 1000 + tonumber(ARGV[1]))
local server = tonumber(ARGV[2])
-- Shopify is the truth when it reports less than we think (another client spent points).
if server and server < avail then avail = server end
redis.call('HSET', KEYS[1], 'available', tostring(avail), 'max', tostring(max), 'rate', tostring(rate), 'ts', tostring(now))
redis.call('PEXPIRE', KEYS[1], 3600000)
redis.call('DEL', KEYS[2])
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

  private get probeKey(): string {
    return `${this.key}:probe`;
  }

  /**
   * Takes `cost` points; returns how many ms to wait before sending. A negative answer means
   * nothing was taken (the bucket's size is being learned): wait that long and ask again.
   */
  async reserve(cost: number): Promise<number> {
    return Number(await this.redis.eval(RESERVE, 2, this.key, this.probeKey, String(cost), String(this.now())));
  }

  /** Corrects the estimate once Shopify answered: `refund` = reserved minus actually charged. */
  async settle(refund: number, status: ThrottleStatus | undefined): Promise<void> {
    await this.redis.eval(
      SETTLE,
      2,
      this.key,
      this.probeKey,
      String(refund),
      status ? String(status.currentlyAvailable) : "",
      status ? String(status.maximumAvailable) : "",
      status ? String(status.restoreRate) : "",
      String(this.now()),
    );
  }
}
