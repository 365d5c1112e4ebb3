/**
 * products/create → automation: delivered by the store simulator with Shopify's headers and HMAC
 * to the app's webhook route, queued, and processed by the worker's handler.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { grantCredits } from "../../app/billing/ledger.server";
import { jobId, QUEUE } from "../../app/jobs/queues";
import { PRODUCTS_CREATE_JOB, productsCreateHandler } from "../../app/jobs/shopify-webhook-products-create";
import { createRule } from "../../app/models/automation.server";
import type { ShopifySim } from "../../sim/shopify/server";
import { productPayload } from "../../sim/shopify/webhook-payloads";
import { connectShop, startWebhookBench, waitForJob, type WebhookBench } from "./shopify-fixtures";

const DOMAIN = "automation.myshopify.com";
let bench: WebhookBench;
let t: WebhookBench["t"];
let sim: ShopifySim;
let shopId: string;

function payloadFor(index: number) {
  const shop = sim.store.requireShop(DOMAIN);
  const product = [...shop.products.values()][index];
  return { product, payload: productPayload(shop, product, (m) => `https://cdn.example/${m.id}.jpg`) };
}

async function generationsFor(productGid: string) {
  return t.ctx.db.generation.findMany({ where: { shopId, product: { shopifyId: productGid } } });
}

beforeAll(async () => {
  bench = await startWebhookBench({
    name: "automation",
    handlers: (ctx) => ({ [PRODUCTS_CREATE_JOB]: productsCreateHandler(ctx) }),
    mediaProcessingMs: 50,
  });
  ({ t, sim } = bench);
  ({ shop: { id: shopId } } = await connectShop(t.ctx, sim, DOMAIN, 6, 42));
  await grantCredits(t.ctx.db, { shopId, amount: 500, idempotencyKey: "grant:test", reason: "test" });
});

afterAll(async () => {
  await bench?.close();
});

describe("products/create with automation rules", () => {
  it("a matching product delivered three times queues exactly one generation", async () => {
    const { product, payload } = payloadFor(0);
    await createRule(t.ctx, DOMAIN, { name: "New arrivals", scope: { productTypes: [product.productType.toUpperCase()] }, styles: ["studio"] });

    const deliveries = await sim.deliverWebhook({ shop: DOMAIN, topic: "products/create", payload, eventId: "evt-create-1", duplicates: 2 });
    expect(deliveries.map((d) => d.status)).toEqual([200, 200, 200]);
    expect(await waitForJob(t.ctx.queues[QUEUE.shopifyWebhooks], jobId("webhook", "evt-create-1"))).toBe("completed");

    const generations = await generationsFor(payload.admin_graphql_api_id);
    expect(generations).toHaveLength(1);
    expect(generations[0]).toMatchObject({ source: "automation", style: "studio", autoPublish: false, status: "pending" });
    expect(await t.ctx.db.webhookEvent.count({ where: { eventId: "evt-create-1" } })).toBe(1);
    // The same event again days later (Shopify retry) is still a duplicate.
    await sim.deliverWebhook({ shop: DOMAIN, topic: "products/create", payload, eventId: "evt-create-1" });
    expect(await generationsFor(payload.admin_graphql_api_id)).toHaveLength(1);
  });

  it("a product no rule matches creates nothing", async () => {
    const matchingType = payloadFor(0).product.productType;
    const index = [...sim.store.requireShop(DOMAIN).products.values()].findIndex((p) => p.productType !== matchingType);
    expect(index).toBeGreaterThan(0);
    const { payload } = payloadFor(index);
    await sim.deliverWebhook({ shop: DOMAIN, topic: "products/create", payload, eventId: "evt-create-2" });
    expect(await waitForJob(t.ctx.queues[QUEUE.shopifyWebhooks], jobId("webhook", "evt-create-2"))).toBe("completed");
    expect(await generationsFor(payload.admin_graphql_api_id)).toHaveLength(0);
  });

  it("a forged signature is refused with 401 and nothing is queued or recorded", async () => {
    const { payload } = payloadFor(1);
    const deliveries = await sim.deliverWebhook({ shop: DOMAIN, topic: "products/create", payload, eventId: "evt-forged", hmacSecret: "not-the-app-secret-at-all-000000" });
    expect(deliveries.map((d) => d.status)).toEqual([401]);
    expect(await t.ctx.queues[QUEUE.shopifyWebhooks].getJob(jobId("webhook", "evt-forged"))).toBeUndefined();
    expect(await t.ctx.db.webhookEvent.count({ where: { eventId: "evt-forged" } })).toBe(0);
  });
});
