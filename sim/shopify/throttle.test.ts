import { GraphqlQueryError } from "@shopify/shopify-api";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startSimHarness, type SimHarness } from "./test-client";

let h: SimHarness;
beforeAll(async () => {
  h = await startSimHarness({ productCount: 40 });
});
afterAll(async () => h.sim.close());

interface Cost {
  requestedQueryCost: number;
  actualQueryCost: number | null;
  throttleStatus: { maximumAvailable: number; currentlyAvailable: number; restoreRate: number };
}

const setThrottle = (body: object) =>
  fetch(`${h.sim.url}/_sim/shops/${h.shop.domain}/throttle`, { method: "PUT", headers: { "content-type": "application/json" }, body: JSON.stringify(body) });

async function failure(promise: Promise<unknown>) {
  try {
    await promise;
  } catch (error) {
    if (error instanceof GraphqlQueryError) return error.body as { errors: { graphQLErrors: { message: string; extensions: Record<string, unknown> }[] }; extensions?: { cost: Cost } };
    throw error;
  }
  throw new Error("expected the request to fail");
}

describe("cost-based rate limiting", () => {
  it("prices a query statically (connections 2 + first × node cost) and charges the actual cost", async () => {
    const defaults = await h.client.request(`{ shop { name } }`);
    expect((defaults.extensions as { cost: Cost }).cost.throttleStatus).toMatchObject({ maximumAvailable: 2000, restoreRate: 100 }); // standard plan
    await setThrottle({ restoreRate: 1, currentlyAvailable: 2000 }); // slow restore: the deduction stays visible
    const watches = [...h.shop.products.values()].filter((p) => p.productType === "Watch").length;
    const { extensions } = await h.client.request(`{ products(first: 10, query: "product_type:Watch") { edges { node { id title featuredMedia { id } } } pageInfo { hasNextPage } } }`);
    const cost = (extensions as { cost: Cost }).cost;
    // 2 + 10 × (product 1 + featuredMedia 1) requested; 2 + watches × 2 actually returned.
    expect(cost.requestedQueryCost).toBe(22);
    expect(cost.actualQueryCost).toBe(2 + watches * 2);
    expect(cost.throttleStatus.currentlyAvailable).toBeGreaterThanOrEqual(2000 - cost.actualQueryCost! - 1);
    expect(cost.throttleStatus.currentlyAvailable).toBeLessThanOrEqual(2000 - cost.actualQueryCost! + 1);
    await setThrottle({ restoreRate: 100 });
  });

  it("prices mutations at 10 plus what they select", async () => {
    const id = `gid://shopify/Product/${[...h.shop.products.keys()][0]}`;
    const { extensions } = await h.client.request(`mutation U($product: ProductUpdateInput!) { productUpdate(product: $product) { product { id } userErrors { field message } } }`, { variables: { product: { id, title: "Renamed" } } });
    expect((extensions as { cost: Cost }).cost.requestedQueryCost).toBe(12);
    expect(h.shop.products.get([...h.shop.products.keys()][0])!.title).toBe("Renamed");
  });

  it("refuses a single query above 1000 points with MAX_COST_EXCEEDED", async () => {
    const body = await failure(h.client.request(`{ products(first: 250) { nodes { id variants(first: 250) { nodes { id } } } } }`));
    expect(body.errors.graphQLErrors[0].extensions).toMatchObject({ code: "MAX_COST_EXCEEDED", cost: 2 + 250 * (1 + 2 + 250), maxCost: 1000 });
  });

  it("throttles when the bucket cannot cover the requested cost, then restores at the restore rate", async () => {
    // A slow restore while draining keeps the test independent of machine speed.
    await setThrottle({ maximumAvailable: 50, restoreRate: 1, currentlyAvailable: 50 });
    const query = `{ products(first: 10) { nodes { id } } }`; // 12 points, all of them used
    for (let i = 0; i < 4; i++) await h.client.request(query);
    const body = await failure(h.client.request(query));
    expect(body.errors.graphQLErrors[0]).toMatchObject({ message: "Throttled", extensions: { code: "THROTTLED" } });
    expect(body.extensions?.cost.throttleStatus).toMatchObject({ maximumAvailable: 50, restoreRate: 1 });
    expect(body.extensions!.cost.throttleStatus.currentlyAvailable).toBeLessThan(12);
    await setThrottle({ restoreRate: 50 });
    await new Promise((resolve) => setTimeout(resolve, 300)); // 50 points per second → at least 15 more
    const { extensions } = await h.client.request(query);
    expect((extensions as { cost: Cost }).cost.actualQueryCost).toBe(12);
  });

  it("sizes the bucket by plan", async () => {
    const plus = h.sim.addShop({ domain: "plus-store.myshopify.com", productCount: 5, plan: "plus" });
    const response = await fetch(`${h.sim.url}/store/${plus.domain}/admin/api/2026-10/graphql.json`, {
      method: "POST",
      headers: { "content-type": "application/json", "x-shopify-access-token": plus.accessToken },
      body: JSON.stringify({ query: "{ shop { name plan { shopifyPlus } } }" }),
    });
    const json = (await response.json()) as { data: { shop: { plan: { shopifyPlus: boolean } } }; extensions: { cost: Cost } };
    expect(json.data.shop.plan.shopifyPlus).toBe(true);
    expect(json.extensions.cost.throttleStatus).toMatchObject({ maximumAvailable: 20000, restoreRate: 1000 });
  });
});
