/**
 * Rate-limit abuse: once a shop has used its generation requests for the minute, further requests
 * (one at a time or a concurrent burst) answer 429 with Retry-After and a sentence saying when to
 * try again, and nothing is created, queued or charged.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { apiRequest, startAppUnderTest, type AppUnderTest } from "./support/app-under-test";
import { fromResponse, hostileSuite, reportHostileTally, type HostileCase, type Rejection } from "./support/hostile";
import { sideEffects } from "./support/side-effects";

/** One a minute: the bucket cannot refill while a burst is still being answered. */
const PER_MINUTE = 1;
const BURST = 12;
let app: AppUnderTest;

beforeAll(async () => {
  app = await startAppUnderTest({ productsPerShop: 8, creditsPerShop: 500, env: { RATE_LIMIT_GENERATIONS_PER_MINUTE: String(PER_MINUTE) } });
});
afterAll(async () => {
  await app?.close();
});
reportHostileTally(import.meta.filename);

const generate = async (productIndex: number) => {
  const request = apiRequest("/api/generations", { method: "POST", token: app.token(app.shops.a.domain), body: { productIds: [app.shops.a.productGids[productIndex]], style: "studio" } });
  return fromResponse(await app.call("api.generations", request));
};

const retryAfter = (r: Rejection) => {
  expect(Number(r.headers?.get("Retry-After"))).toBeGreaterThanOrEqual(1);
  expect(Number(r.headers?.get("Retry-After"))).toBeLessThanOrEqual(60);
};

/** Every answer of a burst, reduced to one status when they all agree. */
async function burst(size: number, firstProduct: number, products: number): Promise<Rejection> {
  const answers = await Promise.all(Array.from({ length: size }, (_, i) => generate(firstProduct + (i % products))));
  const statuses = [...new Set(answers.map((a) => a.status))];
  return { status: statuses.length === 1 ? statuses[0] : statuses.join(","), message: answers[0].message, headers: answers[0].headers };
}

const cases: HostileCase[] = [
  {
    name: `request number ${PER_MINUTE + 1} within a minute`,
    status: 429,
    message: new RegExp(`faster than ${PER_MINUTE} a minute\\. Try again in \\d+ seconds?`),
    setup: async () => {
      for (let i = 0; i < PER_MINUTE; i++) {
        const accepted = await generate(i);
        if (accepted.status !== 202) throw new Error(`legitimate request ${i + 1} refused: ${accepted.status} ${accepted.message}`);
      }
    },
    attack: () => generate(PER_MINUTE),
    check: retryAfter,
  },
  { name: `burst of ${BURST} concurrent requests`, status: 429, message: /Try again/, attack: () => burst(BURST, 3, 3), check: retryAfter },
  {
    // Identical to the request already in flight: each answer joins it, so nothing is created or charged.
    name: `burst of ${BURST} requests identical to one in flight`,
    status: 202,
    attack: () => burst(BURST, 0, 1),
    check: (r) => {
      const body = JSON.parse(r.message) as { generations: Array<{ existing: boolean }>; creditsReserved: number };
      expect(body.generations.every((g) => g.existing)).toBe(true);
      expect(body.creditsReserved).toBe(0);
    },
  },
];

// A refused take still records the refill time in the bucket, so buckets are left out of the comparison here.
hostileSuite("rate-limit abuse", cases, {
  sideEffects: async () => {
    const { rateLimits: _buckets, ...rest } = await sideEffects(app.test.ctx, app.storageDir);
    return rest;
  },
});

// Refused requests must not spend the shop's Admin API cost budget (product reads cost seconds of
// restore each) and so delay legitimate work such as publishing to the store.
describe("rate-limited requests spend no Shopify API budget", () => {
  it("a burst refused by the rate limit makes no Admin API call", async () => {
    const simShop = app.sim.store.requireShop(app.shops.a.domain);
    const before = simShop.adminApiCalls;
    const refused = await burst(BURST, 3, 5);
    expect(refused.status).toBe(429);
    expect(simShop.adminApiCalls).toBe(before);
  });

  it("the first request of a fresh minute still reads the products and goes through", async () => {
    // Another shop's bucket is untouched by shop A's burst.
    const simShop = app.sim.store.requireShop(app.shops.b.domain);
    const before = simShop.adminApiCalls;
    const request = apiRequest("/api/generations", { method: "POST", token: app.token(app.shops.b.domain), body: { productIds: [app.shops.b.productGids[0]], style: "studio" } });
    const accepted = await fromResponse(await app.call("api.generations", request));
    expect(accepted.status).toBe(202);
    expect(simShop.adminApiCalls).toBeGreaterThan(before);
  });
});
