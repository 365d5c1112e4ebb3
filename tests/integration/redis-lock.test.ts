/**
 * The Redis mutex behind publish, revert and automation caps: a live holder keeps its lock past the
 * TTL (renewed while it works), so the TTL can be short and a crashed holder's lock lapses soon (a
 * SIGKILLed worker mid-publish used to hold a product's gallery for two minutes).
 */
import { afterAll, expect, it } from "vitest";
import { Redis } from "ioredis";
import { withRedisLock } from "../../app/shopify/redis-lock.server";
import { deletePrefix, TEST_REDIS_URL, testPrefix } from "../support/harness";

const redis = new Redis(TEST_REDIS_URL);
const prefix = testPrefix();
afterAll(async () => {
  await deletePrefix(prefix);
  redis.disconnect();
});

it("a holder working past the TTL keeps the lock; the next one waits for it", async () => {
  const key = `${prefix}:lock:renewed`;
  const order: string[] = [];
  const first = withRedisLock(redis, key, async () => {
    await new Promise((r) => setTimeout(r, 1_000));
    order.push("first");
  }, { ttlMs: 300 });
  await new Promise((r) => setTimeout(r, 50));
  await withRedisLock(redis, key, async () => void order.push("second"), { ttlMs: 300, waitMs: 5_000 });
  await first;
  expect(order).toEqual(["first", "second"]);
});
