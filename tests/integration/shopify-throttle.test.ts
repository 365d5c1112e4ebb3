/**
 * Pacing against Shopify's cost bucket: several "workers" (client instances sharing the Redis
 * bucket estimate) write concurrently to a shop whose bucket holds 100 points and restores 100
 * points/s. Every write succeeds, THROTTLED never reaches a caller, Shopify is (almost) never even
 * asked too early, and the run takes about the bucket's theoretical time.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CostBucket } from "../../app/shopify/cost-bucket.server";
import { ShopifyApiError, toUserFacing } from "../../app/shopify/errors";
import { ShopifyGraphqlClient } from "../../app/shopify/graphql-client.server";
import { FILE_UPDATE_MUTATION } from "../../app/shopify/operations/media";
import { simRoutedFetch } from "../../app/shopify/sim-routing.server";
import type { ShopifySim } from "../../sim/shopify/server";
import { createTestContext, type TestContext } from "../support/harness";
import { startSim } from "./shopify-fixtures";

const DOMAIN = "throttle.myshopify.com";
let t: TestContext;
let sim: ShopifySim;

beforeAll(async () => {
  sim = await startSim("throttle-key", "throttle-secret-0123456789abcdef");
  t = await createTestContext({ SHOPIFY_SIM_URL: sim.url });
});

afterAll(async () => {
  await t?.cleanup();
  await sim?.close();
});

describe("cost-bucket pacing", () => {
  it("60 concurrent writes from 3 workers against a 100 points/s bucket: no THROTTLED surfaces, near-theoretical time", async () => {
    const simShop = sim.addShop({ domain: DOMAIN, productCount: 4, seed: 3 });
    simShop.bucket.configure({ maximumAvailable: 100, restoreRate: 100, currentlyAvailable: 100 });
    const mediaIds = [...simShop.products.values()].flatMap((p) => p.mediaIds).map((id) => `gid://shopify/MediaImage/${id}`);
    expect(mediaIds.length).toBeGreaterThan(0);

    let throttledResponses = 0;
    let actualCost = 0;
    const routed = simRoutedFetch(sim.url);
    const observingFetch: typeof fetch = async (input, init) => {
      const response = await routed(input, init);
      const body = (await response.clone().json()) as { errors?: Array<{ extensions?: { code?: string } }>; extensions?: { cost?: { actualQueryCost?: number } } };
      if (body.errors?.some((e) => e.extensions?.code === "THROTTLED")) throttledResponses++;
      actualCost += body.extensions?.cost?.actualQueryCost ?? 0;
      return response;
    };
    const workers = Array.from({ length: 3 }, () =>
      new ShopifyGraphqlClient({
        shop: DOMAIN,
        accessToken: simShop.accessToken,
        apiVersion: "2026-10",
        bucket: CostBucket.forShop(t.ctx.redis, t.prefix, DOMAIN),
        log: t.ctx.log,
        fetch: observingFetch,
      }),
    );

    const started = Date.now();
    const results = await Promise.allSettled(
      Array.from({ length: 60 }, (_, i) =>
        workers[i % workers.length].request(FILE_UPDATE_MUTATION, {
          variables: { files: [{ id: mediaIds[i % mediaIds.length], alt: `Alt text ${i}` }] },
        }),
      ),
    );
    const elapsedS = (Date.now() - started) / 1000;

    const failures = results.filter((r) => r.status === "rejected");
    expect(failures).toEqual([]);
    // The shop's bucket starts full (100) and restores 100 points/s.
    const theoreticalS = Math.max(0, actualCost - 100) / 100;
    expect(theoreticalS).toBeGreaterThan(3);
    expect(throttledResponses).toBeLessThanOrEqual(2);
    expect(elapsedS).toBeGreaterThan(theoreticalS * 0.9);
    expect(elapsedS).toBeLessThan(theoreticalS * 1.5 + 1);
  });
});

/** A Shopify endpoint that answers from a script: one entry per request, then the last one repeats. */
function scriptedShopify(script: Array<() => Response>) {
  let calls = 0;
  const fetchImpl: typeof fetch = async () => script[Math.min(calls++, script.length - 1)]();
  return { fetchImpl, calls: () => calls };
}
const throttleStatus = { maximumAvailable: 1000, currentlyAvailable: 900, restoreRate: 50 };
const ok = () => Response.json({ data: { shop: { name: "Shop" } }, extensions: { cost: { requestedQueryCost: 2, actualQueryCost: 2, throttleStatus } } });

describe("retries", () => {
  function client(fetchImpl: typeof fetch, shop: string, maxAttempts = 8) {
    return new ShopifyGraphqlClient({
      shop,
      accessToken: "token",
      apiVersion: "2026-10",
      bucket: CostBucket.forShop(t.ctx.redis, t.prefix, shop),
      log: t.ctx.log,
      fetch: fetchImpl,
      maxAttempts,
      sleep: async () => {},
    });
  }

  it("rides out 503, 429 and a THROTTLED answer and returns the data", async () => {
    const shopify = scriptedShopify([
      () => new Response("unavailable", { status: 503 }),
      () => new Response("slow down", { status: 429, headers: { "Retry-After": "1" } }),
      () => Response.json({ errors: [{ message: "Throttled", extensions: { code: "THROTTLED" } }], extensions: { cost: { requestedQueryCost: 2, actualQueryCost: null, throttleStatus: { ...throttleStatus, currentlyAvailable: 0 } } } }),
      ok,
    ]);
    const data = await client(shopify.fetchImpl, "retries.myshopify.com").request("query ShopName { shop { name } }");
    expect(data).toEqual({ shop: { name: "Shop" } });
    expect(shopify.calls()).toBe(4);
  });

  it("gives up after a bounded number of attempts with a merchant-readable error, never Shopify's code", async () => {
    const shopify = scriptedShopify([
      () => Response.json({ errors: [{ message: "Throttled", extensions: { code: "THROTTLED" } }], extensions: { cost: { requestedQueryCost: 2, actualQueryCost: null, throttleStatus: { ...throttleStatus, currentlyAvailable: 0 } } } }),
    ]);
    const error = await client(shopify.fetchImpl, "always-busy.myshopify.com", 3).request("query ShopName { shop { name } }").catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ShopifyApiError);
    expect(error).toMatchObject({ code: "throttled", retryable: true });
    expect(shopify.calls()).toBe(3);
    const shown = toUserFacing(error as ShopifyApiError);
    expect(shown.message).not.toMatch(/THROTTLED/i);
    expect(shown.message).toMatch(/busy/);
  });

  it("does not resend a non-idempotent mutation whose outcome is unknown", async () => {
    const shopify = scriptedShopify([() => new Response("bad gateway", { status: 502 }), ok]);
    const error = await client(shopify.fetchImpl, "unknown-outcome.myshopify.com")
      .request("mutation Create { shop { name } }", { retryWhenOutcomeUnknown: false })
      .catch((e: unknown) => e);
    expect(error).toMatchObject({ code: "unavailable", retryable: true });
    expect(shopify.calls()).toBe(1);
  });

  it("stops at once when the token is no longer valid", async () => {
    const shopify = scriptedShopify([() => new Response("", { status: 401 })]);
    const error = await client(shopify.fetchImpl, "uninstalled.myshopify.com").request("query ShopName { shop { name } }").catch((e: unknown) => e);
    expect(error).toMatchObject({ code: "unauthorized", retryable: false });
    expect(shopify.calls()).toBe(1);
  });
});
