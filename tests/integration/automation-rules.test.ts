/**
 * Automation rules against the real engine entry point: CRUD stays inside the shop, the dry-run
 * preview counts the newest products, caps and active hours hold, and auto-publish carries over.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { grantCredits } from "../../app/billing/ledger.server";
import {
  createRule,
  deleteRule,
  listRules,
  previewRule,
  runAutomationForNewProduct,
  toRuleProduct,
  updateRule,
  type RequestGenerationsFn,
} from "../../app/models/automation.server";
import { snapshotForGeneration } from "../../app/models/catalog-generations.server";
import { requestGenerations } from "../../app/models/generations.server";
import { getProductDetail, type ProductDetail } from "../../app/models/products.server";
import { ensureShop } from "../../app/models/shops.server";
import { offlineAdminGraphql } from "../../app/shopify/admin-client.server";
import type { AdminGraphql } from "../../app/shopify/graphql-client.server";
import type { ShopifySim } from "../../sim/shopify/server";
import { createTestContext, type TestContext } from "../support/harness";
import { connectShop, productGids, startSim } from "./shopify-fixtures";

const DOMAIN = "rules.myshopify.com";
let t: TestContext;
let sim: ShopifySim;
let admin: AdminGraphql;
let storageDir: string;
let shopId: string;

function engineFor(product: ProductDetail): RequestGenerationsFn {
  return (request) => requestGenerations(t.ctx, { ...request, products: [snapshotForGeneration(product)] });
}

async function detail(index: number) {
  return (await getProductDetail(admin, productGids(sim, DOMAIN)[index]))!;
}

beforeAll(async () => {
  storageDir = await mkdtemp(path.join(tmpdir(), "glint-rules-"));
  sim = await startSim("rules-key", "rules-secret-0123456789abcdef");
  t = await createTestContext({ SHOPIFY_SIM_URL: sim.url, STORAGE_DIR: storageDir });
  ({ shop: { id: shopId } } = await connectShop(t.ctx, sim, DOMAIN, 40, 12));
  await grantCredits(t.ctx.db, { shopId, amount: 1000, idempotencyKey: "grant:test", reason: "test" });
  admin = await offlineAdminGraphql(t.ctx, DOMAIN);
});

afterAll(async () => {
  await t?.cleanup();
  await sim?.close();
  await rm(storageDir, { recursive: true, force: true });
});

describe("automation rules", () => {
  it("are created, updated and deleted only within their own shop", async () => {
    const rule = await createRule(t.ctx, DOMAIN, { name: "Mugs", scope: { productTypes: ["Mugs"] }, styles: ["studio"] });
    await ensureShop(t.ctx, "intruder.myshopify.com");
    await expect(updateRule(t.ctx, "intruder.myshopify.com", rule.id, { name: "Hijacked", styles: ["studio"] })).rejects.toMatchObject({ code: "rule_not_found" });
    expect(await deleteRule(t.ctx, "intruder.myshopify.com", rule.id)).toBe(false);
    expect(await listRules(t.ctx, "intruder.myshopify.com")).toEqual([]);
    await expect(createRule(t.ctx, DOMAIN, { name: "", styles: [] })).rejects.toMatchObject({ code: "invalid_rule", httpStatus: 422 });

    const updated = await updateRule(t.ctx, DOMAIN, rule.id, { name: "Mugs at night", styles: ["lifestyle"], activeHours: { start: "22:00", end: "06:00", timezone: "Europe/Paris" } });
    expect(updated).toMatchObject({ name: "Mugs at night", styles: ["lifestyle"], activeHours: { start: "22:00" } });
    expect((await updateRule(t.ctx, DOMAIN, rule.id, { name: "Mugs", styles: ["studio"] })).activeHours).toBeNull();
    expect(await deleteRule(t.ctx, DOMAIN, rule.id)).toBe(true);
    expect(await listRules(t.ctx, DOMAIN)).toEqual([]);
  });

  it("previews how many of the last 30 new products a rule would have matched", async () => {
    const products = [...sim.store.requireShop(DOMAIN).products.values()].sort((a, b) => b.createdAt - a.createdAt || b.id - a.id);
    const type = products[0].productType;
    const expected = products.slice(0, 30).filter((p) => p.productType.toLowerCase() === type.toLowerCase()).length;
    const preview = await previewRule(admin, { name: "Preview", scope: { productTypes: [type] }, styles: ["studio"] });
    expect(preview).toMatchObject({ considered: 30, matched: expected });
    expect(preview.examples.length).toBe(Math.min(5, expected));
    // Nothing was queued or charged by a preview.
    expect(await t.ctx.db.generation.count({ where: { shopId } })).toBe(0);
  });

  it("respects the daily product cap, retries without duplicates, and carries auto-publish", async () => {
    const rule = await createRule(t.ctx, DOMAIN, { name: "Capped", styles: ["studio"], autoPublish: true, dailyProductCap: 1 });
    const [first, second] = [await detail(0), await detail(1)];
    const run = (product: ProductDetail, eventId: string) =>
      runAutomationForNewProduct(t.ctx, { shopDomain: DOMAIN, product: toRuleProduct(product), eventId, requestGenerations: engineFor(product) });

    expect(await run(first, "evt-1")).toMatchObject({ outcome: "queued", ruleId: rule.id, autoPublish: true });
    // A retried job for the same event joins the same batch: still one generation.
    expect(await run(first, "evt-1")).toMatchObject({ outcome: "queued" });
    expect(await run(second, "evt-2")).toEqual({ outcome: "product_cap_reached", ruleId: rule.id });
    const generations = await t.ctx.db.generation.findMany({ where: { shopId } });
    expect(generations).toHaveLength(1);
    expect(generations[0]).toMatchObject({ autoPublish: true, source: "automation" });
    await deleteRule(t.ctx, DOMAIN, rule.id);
  });

  it("queues nothing outside its active hours", async () => {
    const now = new Date("2026-03-02T12:00:00Z");
    await createRule(t.ctx, DOMAIN, { name: "Nights", styles: ["studio"], activeHours: { start: "22:00", end: "06:00", timezone: "UTC" } });
    const product = await detail(2);
    const outcome = await runAutomationForNewProduct(t.ctx, { shopDomain: DOMAIN, product: toRuleProduct(product), eventId: "evt-3", now, requestGenerations: engineFor(product) });
    expect(outcome.outcome).toBe("outside_hours");
    expect(await t.ctx.db.generation.count({ where: { shopId, product: { shopifyId: product.id } } })).toBe(0);
  });
});
