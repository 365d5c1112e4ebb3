/**
 * Reading the catalog from the store simulator: cursor pages with merchant filters, and the
 * whole-catalog bulk sync whose snapshots agree with the single-product path (otherwise every
 * product would look "changed" to the stale check).
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  getProductDetail,
  listProductsPage,
  productContentHash,
  snapshotFromDetail,
  syncCatalog,
} from "../../app/models/products.server";
import { ensureShop } from "../../app/models/shops.server";
import { offlineAdminGraphql } from "../../app/shopify/admin-client.server";
import type { AdminGraphql } from "../../app/shopify/graphql-client.server";
import type { ShopifySim } from "../../sim/shopify/server";
import { createTestContext, type TestContext } from "../support/harness";
import { connectShop, startSim } from "./shopify-fixtures";

const DOMAIN = "catalog.myshopify.com";
let t: TestContext;
let sim: ShopifySim;
let admin: AdminGraphql;
let shopId: string;

beforeAll(async () => {
  sim = await startSim("catalog-key", "catalog-secret-0123456789abcdef");
  t = await createTestContext({ SHOPIFY_SIM_URL: sim.url });
  ({ shop: { id: shopId } } = await connectShop(t.ctx, sim, DOMAIN, 240, 9));
  admin = await offlineAdminGraphql(t.ctx, DOMAIN);
});

afterAll(async () => {
  await t?.cleanup();
  await sim?.close();
});

describe("catalog pages", () => {
  it("walks every product exactly once with cursors", async () => {
    const seen: string[] = [];
    let after: string | null = null;
    do {
      const page: Awaited<ReturnType<typeof listProductsPage>> = await listProductsPage(admin, { first: 100, after });
      seen.push(...page.products.map((p) => p.id));
      after = page.pageInfo.hasNextPage ? (page.pageInfo.endCursor ?? null) : null;
    } while (after);
    expect(seen).toHaveLength(240);
    expect(new Set(seen).size).toBe(240);
  });

  it("treats a merchant's filter text as one literal value, not as more search terms", async () => {
    const products = [...sim.store.requireShop(DOMAIN).products.values()];
    const target = products[5];
    // Unquoted, this would also match every product of the other vendor.
    const injected = `Nobody OR vendor:${products[6].vendor}`;
    target.vendor = injected;
    const page = await listProductsPage(admin, { filters: { vendor: injected } });
    expect(page.products.map((p) => p.id)).toEqual([`gid://shopify/Product/${target.id}`]);
  });
});

describe("whole-catalog sync with a bulk operation", () => {
  it("stores a snapshot per product that matches the single-product read", async () => {
    const count = await syncCatalog(t.ctx, admin, shopId, { pollMs: 50 });
    expect(count).toBe(240);
    expect(await t.ctx.db.product.count({ where: { shopId, sourceHash: { not: null } } })).toBe(240);

    const gid = `gid://shopify/Product/${[...sim.store.requireShop(DOMAIN).products.keys()][7]}`;
    const row = await t.ctx.db.product.findUniqueOrThrow({ where: { shopId_shopifyId: { shopId, shopifyId: gid } } });
    const detail = await getProductDetail(admin, gid);
    expect(row.sourceHash).toBe(productContentHash(snapshotFromDetail(detail!)));
    expect(row.title).toBe(detail!.title);

    // Another shop's rows are not touched by this shop's sync.
    const other = await ensureShop(t.ctx, "other.myshopify.com");
    expect(await t.ctx.db.product.count({ where: { shopId: other.id } })).toBe(0);
  });
});
