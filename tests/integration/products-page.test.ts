/**
 * The Products page loader against the store simulator: the shop's collections are offered as a
 * filter, choosing one lists exactly that collection's products, and a hand-edited collection id
 * gives an empty list with a sentence saying why (never a crash or extra search terms).
 */
import type { LoaderFunctionArgs } from "@remix-run/node";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { apiRequest, startAppUnderTest, type AppUnderTest } from "../security/support/app-under-test";

let app: AppUnderTest;
let loader: (args: LoaderFunctionArgs) => Promise<unknown>;

beforeAll(async () => {
  app = await startAppUnderTest({ productsPerShop: 30 });
  // Imported once the environment points at the simulator (shopify.server reads it at import).
  ({ loader } = await import("../../app/routes/app.products._index"));
});
afterAll(async () => {
  await app?.close();
});

interface ProductsPageData {
  products: Array<{ id: string; title: string }>;
  collections: Array<{ id: string; title: string }>;
  filterError: string | null;
  catalogEmpty: boolean;
}

async function productsPage(query = ""): Promise<ProductsPageData> {
  const request = apiRequest(`/app/products${query}`, { token: app.token(app.shops.a.domain) });
  return (await loader({ request, params: {}, context: {} })) as ProductsPageData;
}

const simShop = () => app.sim.store.requireShop(app.shops.a.domain);

describe("Products page: collection filter", () => {
  it("offers the shop's collections, alphabetically", async () => {
    const page = await productsPage();
    const expected = [...simShop().collections.values()].map((c) => c.title).sort((a, b) => a.localeCompare(b));
    expect(page.collections.map((c) => c.title)).toEqual(expected);
    expect(page.collections.every((c) => /^gid:\/\/shopify\/Collection\/\d+$/.test(c.id))).toBe(true);
    expect(page.products).toHaveLength(30);
  });

  it("lists exactly the products of the chosen collection", async () => {
    const { collections } = await productsPage();
    const bestsellers = collections.find((c) => c.title === "Bestsellers")!;
    const members = [...simShop().collections.values()].find((c) => c.title === "Bestsellers")!.productIds;
    expect(members.length).toBeGreaterThan(2);
    const page = await productsPage(`?collection=${encodeURIComponent(bestsellers.id)}`);
    expect(page.filterError).toBeNull();
    expect(page.catalogEmpty).toBe(false);
    expect(page.products.map((p) => p.id).sort()).toEqual(members.map((id) => `gid://shopify/Product/${id}`).sort());

    // Combined with the other filters (AND), e.g. the search box.
    const first = simShop().products.get(members[0])!;
    const narrowed = await productsPage(`?collection=${encodeURIComponent(bestsellers.id)}&q=${encodeURIComponent(first.title)}`);
    expect(narrowed.products.map((p) => p.id)).toContain(`gid://shopify/Product/${first.id}`);
    expect(narrowed.products.every((p) => members.includes(Number(p.id.split("/").pop())))).toBe(true);
  });

  it.each(["1 OR vendor:x", 'x" OR title:*', "gid://shopify/Product/1"])("answers %j with an empty list and a clear sentence", async (bad) => {
    const page = await productsPage(`?collection=${encodeURIComponent(bad)}`);
    expect(page.products).toEqual([]);
    expect(page.filterError).toMatch(/collection filter is not valid/);
    expect(page.catalogEmpty).toBe(false);
  });

  it("a collection that does not exist (any more) is simply an empty result", async () => {
    const page = await productsPage(`?collection=${encodeURIComponent("gid://shopify/Collection/12345")}`);
    expect(page.products).toEqual([]);
    expect(page.filterError).toBeNull();
  });
});
