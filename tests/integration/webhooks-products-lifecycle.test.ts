/**
 * products/update and products/delete, delivered by the store simulator: a change that matters
 * marks unpublished results stale (and publishing them then asks the merchant); an update that
 * does not matter (or is Glint's own image) marks nothing; a deleted product's pending work stops.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { generationCredits, grantCredits, reserveCredits } from "../../app/billing/ledger.server";
import { jobId, QUEUE } from "../../app/jobs/queues";
import { PRODUCTS_DELETE_JOB, productsDeleteHandler } from "../../app/jobs/shopify-webhook-products-delete";
import { PRODUCTS_UPDATE_JOB, productsUpdateHandler } from "../../app/jobs/shopify-webhook-products-update";
import { publishGeneration } from "../../app/models/media.server";
import type { ShopifySim } from "../../sim/shopify/server";
import { productDeletePayload, productPayload } from "../../sim/shopify/webhook-payloads";
import { connectShop, productGids, readyGeneration, snapshotProduct, startWebhookBench, waitForJob, type WebhookBench } from "./shopify-fixtures";

const DOMAIN = "lifecycle.myshopify.com";
let bench: WebhookBench;
let t: WebhookBench["t"];
let sim: ShopifySim;
let shopId: string;

async function deliverUpdate(gid: string, eventId: string) {
  const shop = sim.store.requireShop(DOMAIN);
  const product = shop.products.get(Number(gid.split("/").pop()))!;
  const [delivery] = await sim.deliverWebhook({ shop: DOMAIN, topic: "products/update", payload: productPayload(shop, product, (m) => `https://cdn.example/${m.id}.jpg`), eventId });
  expect(delivery.status).toBe(200);
  expect(await waitForJob(t.ctx.queues[QUEUE.shopifyWebhooks], jobId("webhook", eventId))).toBe("completed");
}

beforeAll(async () => {
  bench = await startWebhookBench({
    name: "lifecycle",
    handlers: (ctx) => ({ [PRODUCTS_UPDATE_JOB]: productsUpdateHandler(ctx), [PRODUCTS_DELETE_JOB]: productsDeleteHandler(ctx) }),
    mediaProcessingMs: 50,
  });
  ({ t, sim } = bench);
  ({ shop: { id: shopId } } = await connectShop(t.ctx, sim, DOMAIN, 3, 21));
  await grantCredits(t.ctx.db, { shopId, amount: 100, idempotencyKey: "grant:test", reason: "test" });
});

afterAll(async () => {
  await bench?.close();
});

describe("products/update", () => {
  it("ignores Glint's own published image and changes that do not matter, flags a real change", async () => {
    const gid = productGids(sim, DOMAIN)[0];
    const product = await snapshotProduct(t.ctx, shopId, DOMAIN, gid);
    const published = await readyGeneration(t.ctx, { shopId, productId: product.id, seed: 1 });
    expect((await publishGeneration(t.ctx, { generationId: published.id })).status).toBe("published");
    const pending = await readyGeneration(t.ctx, { shopId, productId: product.id, seed: 2 });

    // Shopify reports Glint's own write-back, and an inventory-only change, as products/update.
    await deliverUpdate(gid, "evt-update-glint");
    const simProduct = sim.store.requireShop(DOMAIN).products.get(Number(gid.split("/").pop()))!;
    simProduct.tags = [...simProduct.tags, "restocked"];
    await deliverUpdate(gid, "evt-update-tags");
    expect((await t.ctx.db.generation.findUniqueOrThrow({ where: { id: pending.id } })).options).not.toHaveProperty("productChangedAt");
    expect((await publishGeneration(t.ctx, { generationId: pending.id })).status).toBe("published");

    // The merchant rewrites the description: results not yet published are now stale.
    const later = await readyGeneration(t.ctx, { shopId, productId: product.id, seed: 3 });
    simProduct.descriptionHtml = "<p>Now in a matte finish.</p>";
    await deliverUpdate(gid, "evt-update-description");
    expect((await t.ctx.db.generation.findUniqueOrThrow({ where: { id: later.id } })).options).toHaveProperty("productChangedAt");
    const outcome = await publishGeneration(t.ctx, { generationId: later.id });
    expect(outcome.status).toBe("stale");
    expect(await t.ctx.db.generation.findUniqueOrThrow({ where: { id: later.id } })).toMatchObject({ status: "ready_for_review", errorCode: "product_changed" });
  });
});

describe("products/delete", () => {
  it("cancels the product's unpublished work and returns its credits", async () => {
    const gid = productGids(sim, DOMAIN)[1];
    const product = await snapshotProduct(t.ctx, shopId, DOMAIN, gid);
    const generation = await readyGeneration(t.ctx, { shopId, productId: product.id, seed: 9 });
    await reserveCredits(t.ctx.db, { shopId, generationId: generation.id, amount: 3, idempotencyKey: `reserve:${generation.id}` });
    const numericId = Number(gid.split("/").pop());
    const [delivery] = await sim.deliverWebhook({ shop: DOMAIN, topic: "products/delete", payload: productDeletePayload(numericId), eventId: "evt-delete" });
    expect(delivery.status).toBe(200);
    expect(await waitForJob(t.ctx.queues[QUEUE.shopifyWebhooks], jobId("webhook", "evt-delete"))).toBe("completed");
    expect(await t.ctx.db.generation.findUniqueOrThrow({ where: { id: generation.id } })).toMatchObject({ status: "cancelled", errorCode: "product_deleted" });
    expect(await generationCredits(t.ctx.db, shopId, generation.id)).toMatchObject({ open: 0, committed: false });
  });
});
