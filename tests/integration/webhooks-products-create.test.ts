/**
 * products/create → automation: delivered by the store simulator with Shopify's headers and HMAC
 * to the app's webhook route, queued, and processed by the worker's handler.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { grantCredits } from "../../app/billing/ledger.server";
import { jobId, QUEUE } from "../../app/jobs/queues";
import { WorkerRuntime } from "../../app/jobs/runtime.server";
import { PRODUCTS_CREATE_JOB, productsCreateHandler } from "../../app/jobs/shopify-webhook-products-create";
import { createRule } from "../../app/models/automation.server";
import { createRedis } from "../../app/redis.server";
import type { ShopifySim } from "../../sim/shopify/server";
import { productPayload } from "../../sim/shopify/webhook-payloads";
import { createTestContext, type TestContext } from "../support/harness";
import { connectShop, startWebhookApp, useTestEnvForApp, waitForJob } from "./shopify-fixtures";

const DOMAIN = "automation.myshopify.com";
const SECRET = "products-create-secret-0123456789";
let t: TestContext;
let sim: ShopifySim;
let app: Awaited<ReturnType<typeof startWebhookApp>>;
let runtime: WorkerRuntime;
let storageDir: string;
let restoreEnv: (() => void) | undefined;
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
  storageDir = await mkdtemp(path.join(tmpdir(), "glint-automation-"));
  app = await startWebhookApp();
  sim = await (await import("../../sim/shopify/server")).startShopifySim({
    apiKey: "automation-key",
    apiSecret: SECRET,
    appUrl: app.url,
    mediaProcessingMs: 50,
    webhookRetryDelaysMs: [],
  });
  t = await createTestContext({ SHOPIFY_SIM_URL: sim.url, SHOPIFY_API_KEY: "automation-key", SHOPIFY_API_SECRET: SECRET, STORAGE_DIR: storageDir });
  restoreEnv = useTestEnvForApp({
    DATABASE_URL: t.env.DATABASE_URL,
    REDIS_URL: t.env.REDIS_URL,
    REDIS_PREFIX: t.prefix,
    SHOPIFY_API_KEY: "automation-key",
    SHOPIFY_API_SECRET: SECRET,
    SHOPIFY_SIM_URL: sim.url,
    STORAGE_DIR: storageDir,
    LOG_LEVEL: "silent",
  });
  await app.warm();
  ({ shop: { id: shopId } } = await connectShop(t.ctx, sim, DOMAIN, 6, 42));
  await grantCredits(t.ctx.db, { shopId, amount: 500, idempotencyKey: "grant:test", reason: "test" });
  runtime = new WorkerRuntime(
    { [QUEUE.shopifyWebhooks]: { [PRODUCTS_CREATE_JOB]: productsCreateHandler(t.ctx) } },
    { connection: createRedis(t.env.REDIS_URL, { forWorker: true }), prefix: t.prefix, log: t.ctx.log },
  ).start();
});

afterAll(async () => {
  restoreEnv?.();
  await runtime?.stop(1_000);
  await sim?.close();
  await app?.close();
  await t?.cleanup();
  await rm(storageDir, { recursive: true, force: true });
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
