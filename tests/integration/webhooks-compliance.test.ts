/**
 * Lifecycle and compliance webhooks, delivered by the store simulator: app/uninstalled stops the
 * shop's work and forgets its tokens; shop/redact leaves no row and no stored file of that shop
 * while another shop is untouched; customer requests are acknowledged.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { readdir } from "node:fs/promises";
import path from "node:path";
import { getBalance, grantCredits, reserveCredits } from "../../app/billing/ledger.server";
import { jobId, QUEUE } from "../../app/jobs/queues";
import { APP_UNINSTALLED_JOB, appUninstalledHandler } from "../../app/jobs/shopify-webhook-app-uninstalled";
import { CUSTOMERS_REDACT_JOB, customersRedactHandler } from "../../app/jobs/shopify-webhook-customers-redact";
import { SHOP_REDACT_JOB, shopRedactHandler } from "../../app/jobs/shopify-webhook-shop-redact";
import { createRule } from "../../app/models/automation.server";
import type { ShopifySim } from "../../sim/shopify/server";
import { compliancePayload, shopPayload } from "../../sim/shopify/webhook-payloads";
import { connectShop, productGids, readyGeneration, snapshotProduct, startWebhookBench, waitForJob, type WebhookBench } from "./shopify-fixtures";

let bench: WebhookBench;
let t: WebhookBench["t"];
let sim: ShopifySim;
let storageDir: string;

/** A shop with a product, a generation and its stored output, credits, a rule and a session. */
async function populatedShop(domain: string, seed: number) {
  const { shop } = await connectShop(t.ctx, sim, domain, 2, seed);
  const product = await snapshotProduct(t.ctx, shop.id, domain, productGids(sim, domain)[0]);
  const generation = await readyGeneration(t.ctx, { shopId: shop.id, productId: product.id, seed });
  await grantCredits(t.ctx.db, { shopId: shop.id, amount: 50, idempotencyKey: "grant:test", reason: "test" });
  await reserveCredits(t.ctx.db, { shopId: shop.id, generationId: generation.id, amount: 5, idempotencyKey: `reserve:${generation.id}` });
  await createRule(t.ctx, domain, { name: "All", styles: ["studio"] });
  return { shop, product, generation };
}

async function rowsOf(shopId: string, domain: string) {
  const db = t.ctx.db;
  const counts = await Promise.all([
    db.shop.count({ where: { id: shopId } }),
    db.product.count({ where: { shopId } }),
    db.generation.count({ where: { shopId } }),
    db.asset.count({ where: { shopId } }),
    db.ledgerEntry.count({ where: { shopId } }),
    db.automationRule.count({ where: { shopId } }),
    db.batch.count({ where: { shopId } }),
    db.session.count({ where: { shop: domain } }),
    db.webhookEvent.count({ where: { shopDomain: domain } }),
  ]);
  return counts.reduce((a, b) => a + b, 0);
}

async function storedFiles(shopId: string): Promise<string[]> {
  const dir = path.join(storageDir, "shops", shopId);
  try {
    return (await readdir(dir, { recursive: true, withFileTypes: true })).filter((e) => e.isFile()).map((e) => e.name);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return [];
    throw error;
  }
}

beforeAll(async () => {
  bench = await startWebhookBench({
    name: "compliance",
    handlers: (ctx) => ({
      [SHOP_REDACT_JOB]: shopRedactHandler(ctx),
      [APP_UNINSTALLED_JOB]: appUninstalledHandler(ctx),
      [CUSTOMERS_REDACT_JOB]: customersRedactHandler,
    }),
  });
  ({ t, sim, storageDir } = bench);
});

afterAll(async () => {
  await bench?.close();
});

describe("compliance and lifecycle webhooks", () => {
  it("shop/redact deletes every row and stored file of that shop and nothing of another", async () => {
    const gone = await populatedShop("redact-me.myshopify.com", 3);
    const kept = await populatedShop("keep-me.myshopify.com", 4);
    const keptRows = await rowsOf(kept.shop.id, "keep-me.myshopify.com");
    expect(await storedFiles(gone.shop.id)).not.toHaveLength(0);
    const keptFiles = await storedFiles(kept.shop.id);
    expect(keptFiles).not.toHaveLength(0);

    const simShop = sim.store.requireShop("redact-me.myshopify.com");
    const [delivery] = await sim.deliverWebhook({ shop: simShop.domain, topic: "shop/redact", payload: compliancePayload(simShop, "shop/redact"), eventId: "evt-redact" });
    expect(delivery.status).toBe(200);
    expect(await waitForJob(t.ctx.queues[QUEUE.shopifyWebhooks], jobId("webhook", "evt-redact"))).toBe("completed");

    expect(await rowsOf(gone.shop.id, "redact-me.myshopify.com")).toBe(0);
    expect(await storedFiles(gone.shop.id)).toEqual([]);
    expect(await rowsOf(kept.shop.id, "keep-me.myshopify.com")).toBe(keptRows);
    expect(await storedFiles(kept.shop.id)).toEqual(keptFiles);
    const keptAsset = await t.ctx.db.asset.findFirstOrThrow({ where: { shopId: kept.shop.id } });
    expect(await t.ctx.storage.exists(keptAsset.storageKey)).toBe(true);
  });

  it("app/uninstalled stops the shop's work, returns reserved credits and deletes its sessions", async () => {
    const domain = "leaving.myshopify.com";
    const { shop, generation } = await populatedShop(domain, 5);
    expect(await getBalance(t.ctx.db, shop.id)).toBe(45);
    const simShop = sim.store.requireShop(domain);
    const [delivery] = await sim.deliverWebhook({ shop: domain, topic: "app/uninstalled", payload: shopPayload(simShop), eventId: "evt-uninstall" });
    expect(delivery.status).toBe(200);
    expect(await waitForJob(t.ctx.queues[QUEUE.shopifyWebhooks], jobId("webhook", "evt-uninstall"))).toBe("completed");

    expect(await t.ctx.db.shop.findUniqueOrThrow({ where: { id: shop.id } })).toMatchObject({ installed: false });
    expect(await t.ctx.db.session.count({ where: { shop: domain } })).toBe(0);
    expect(await t.ctx.db.generation.findUniqueOrThrow({ where: { id: generation.id } })).toMatchObject({ status: "cancelled", errorCode: "app_uninstalled" });
    expect(await getBalance(t.ctx.db, shop.id)).toBe(50);
  });

  it("customers/redact is acknowledged: Glint holds no customer data", async () => {
    const simShop = sim.store.requireShop("keep-me.myshopify.com");
    const [delivery] = await sim.deliverWebhook({ shop: simShop.domain, topic: "customers/redact", payload: compliancePayload(simShop, "customers/redact"), eventId: "evt-customer" });
    expect(delivery.status).toBe(200);
    expect(await waitForJob(t.ctx.queues[QUEUE.shopifyWebhooks], jobId("webhook", "evt-customer"))).toBe("completed");
    const job = await t.ctx.queues[QUEUE.shopifyWebhooks].getJob(jobId("webhook", "evt-customer"));
    expect(job?.returnvalue).toEqual({ customerDataHeld: false });
  });
});
