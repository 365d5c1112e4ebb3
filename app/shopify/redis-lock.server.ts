/**
 * A short Redis mutex shared by every process: serialises work on one resource (a shop's
 * automation caps, one product's gallery during publish and revert). Fails after `waitMs` so
 * that the job retries later instead of hanging. The holder renews the lock while its work runs,
 * so the TTL only bounds how long a crashed holder (a SIGKILLed worker) blocks the resource.
 */
import { randomBytes } from "node:crypto";
import type { Redis } from "ioredis";

const RELEASE = "if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end return 0";
const EXTEND = "if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('PEXPIRE', KEYS[1], ARGV[2]) end return 0";

export async function withRedisLock<T>(
  redis: Redis,
  key: string,
  work: () => Promise<T>,
  { ttlMs = 30_000, waitMs = 60_000 }: { ttlMs?: number; waitMs?: number } = {},
): Promise<T> {
  const token = randomBytes(8).toString("hex");
  const deadline = Date.now() + waitMs;
  while ((await redis.set(key, token, "PX", ttlMs, "NX")) !== "OK") {
    if (Date.now() > deadline) throw new Error(`Timed out waiting for lock ${key}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  // A failed renewal (Redis restarting) is retried at the next tick, well before the TTL runs out.
  const renew = setInterval(() => void redis.eval(EXTEND, 1, key, token, ttlMs).catch(() => {}), ttlMs / 3);
  try {
    return await work();
  } finally {
    clearInterval(renew);
    // Only our own lock: it may have expired and been taken by someone else.
    await redis.eval(RELEASE, 1, key, token);
  }
}
