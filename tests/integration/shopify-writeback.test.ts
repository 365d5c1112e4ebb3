/**
 * Write-back against the store simulator: an approved image lands on the product as READY media
 * with its alt text and position; publishing the same asset again adds nothing; revert restores
 * the original gallery exactly; a product changed since generation is not published.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { grantCredits, reserveCredits, generationCredits } from "../../app/billing/ledger.server";
import { publishHandler } from "../../app/jobs/publish";
import { QUEUE } from "../../app/jobs/queues";
import { revertHandler } from "../../app/jobs/revert";
import { WorkerRuntime } from "../../app/jobs/runtime.server";
import { approveAndPublish, publishGeneration, requestRevert } from "../../app/models/media.server";
import { createRedis } from "../../app/redis.server";
import type { ShopifySim } from "../../sim/shopify/server";
import { createTestContext, type TestContext } from "../support/harness";
import { connectShop, productGids, readyGeneration, snapshotProduct, startSim } from "./shopify-fixtures";

const DOMAIN = "writeback.myshopify.com";
let t: TestContext;
let sim: ShopifySim;
let runtime: WorkerRuntime;
let storageDir: string;
let shopId: string;

// A copy: the simulator mutates its arrays in place.
const simProduct = (gid: string) => {
  const product = sim.store.productWithMedia(DOMAIN, Number(gid.split("/").pop()))!;
  return { ...product, mediaIds: [...product.mediaIds], media: [...product.media] };
};
const mediaGid = (id: number) => `gid://shopify/MediaImage/${id}`;

async function waitForStatus(generationId: string, statuses: string[], timeoutMs = 20_000) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const generation = await t.ctx.db.generation.findUniqueOrThrow({ where: { id: generationId } });
    if (statuses.includes(generation.status)) return generation;
    if (Date.now() > deadline) throw new Error(`generation stayed ${generation.status} (${generation.errorCode}: ${generation.errorMessage})`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

beforeAll(async () => {
  storageDir = await mkdtemp(path.join(tmpdir(), "glint-writeback-"));
  const secret = "writeback-test-secret-0123456789";
  sim = await startSim("writeback-key", secret);
  t = await createTestContext({ SHOPIFY_SIM_URL: sim.url, STORAGE_DIR: storageDir, SHOPIFY_API_SECRET: secret });
  ({ shop: { id: shopId } } = await connectShop(t.ctx, sim, DOMAIN, 4));
  await grantCredits(t.ctx.db, { shopId, amount: 100, idempotencyKey: "grant:test", reason: "test" });
  runtime = new WorkerRuntime(
    { [QUEUE.publish]: { publish: publishHandler(t.ctx), revert: revertHandler(t.ctx) } },
    { connection: createRedis(t.env.REDIS_URL, { forWorker: true }), prefix: t.prefix, log: t.ctx.log },
  ).start();
});

afterAll(async () => {
  await runtime?.stop(1_000);
  await t?.cleanup();
  await sim?.close();
  await rm(storageDir, { recursive: true, force: true });
});

describe("publishing an approved image", () => {
  it("appears on the product as READY media with alt text and position, and the credits are charged", async () => {
    const gid = productGids(sim, DOMAIN)[0];
    const originalIds = simProduct(gid).mediaIds;
    expect(originalIds.length).toBeGreaterThan(0);
    const product = await snapshotProduct(t.ctx, shopId, DOMAIN, gid);
    const generation = await readyGeneration(t.ctx, { shopId, productId: product.id, style: "lifestyle", seed: 11 });
    await reserveCredits(t.ctx.db, { shopId, generationId: generation.id, amount: 4, idempotencyKey: `reserve:${generation.id}` });

    await approveAndPublish(t.ctx, { shopDomain: DOMAIN, generationId: generation.id, position: 1, altText: "Blue mug on a kitchen table" });
    const done = await waitForStatus(generation.id, ["published", "failed"]);
    expect(done.errorMessage).toBeNull();
    expect(done.status).toBe("published");

    const after = simProduct(gid);
    expect(after.media).toHaveLength(originalIds.length + 1);
    const added = after.media[1];
    expect(originalIds).not.toContain(added.id);
    expect(added.alt).toBe("Blue mug on a kitchen table");
    expect(added.filename).toMatch(/^[a-z0-9-]+-lifestyle-[0-9a-f]{8}\.jpg$/);
    const published = await t.ctx.db.asset.findFirstOrThrow({ where: { productId: product.id, kind: "published" } });
    expect(published.shopifyMediaId).toBe(mediaGid(added.id));
    // READY as Shopify reports it (the status the merchant's admin shows).
    const status = await (await import("../../app/shopify/admin-client.server")).offlineAdminGraphql(t.ctx, DOMAIN);
    const { PRODUCT_MEDIA_QUERY } = await import("../../app/shopify/operations/media");
    const live = await status.request(PRODUCT_MEDIA_QUERY, { variables: { id: gid } });
    expect(live.product?.media.nodes.find((m) => m.id === mediaGid(added.id))?.status).toBe("READY");

    const credits = await generationCredits(t.ctx.db, shopId, generation.id);
    expect(credits).toMatchObject({ committed: true, charged: 4 });

    // Publishing the same asset again (job retry, double click) adds nothing.
    const again = await publishGeneration(t.ctx, { generationId: generation.id });
    expect(again).toMatchObject({ status: "published", alreadyPublished: true });
    const twin = await readyGeneration(t.ctx, { shopId, productId: product.id, style: "lifestyle", seed: 11 });
    await Promise.all([
      approveAndPublish(t.ctx, { shopDomain: DOMAIN, generationId: twin.id }),
      approveAndPublish(t.ctx, { shopDomain: DOMAIN, generationId: twin.id }),
    ]);
    await waitForStatus(twin.id, ["published", "failed"]);
    expect(simProduct(gid).media).toHaveLength(originalIds.length + 1);

    // Revert restores the original gallery exactly.
    await requestRevert(t.ctx, { shopDomain: DOMAIN, productIds: [gid] });
    await waitForStatus(generation.id, ["reverted"]);
    expect(simProduct(gid).mediaIds).toEqual(originalIds);
    expect((await t.ctx.db.generation.findUniqueOrThrow({ where: { id: twin.id } })).status).toBe("reverted");
  });

  it("puts a featured image first and reverts a bulk selection to each product's original order", async () => {
    const [, second, third] = productGids(sim, DOMAIN);
    const originals = [simProduct(second).mediaIds, simProduct(third).mediaIds];
    const generations = [];
    for (const [index, gid] of [second, third].entries()) {
      const product = await snapshotProduct(t.ctx, shopId, DOMAIN, gid);
      const generation = await readyGeneration(t.ctx, { shopId, productId: product.id, seed: 20 + index });
      await approveAndPublish(t.ctx, { shopDomain: DOMAIN, generationId: generation.id, featured: true });
      generations.push(generation);
    }
    for (const generation of generations) expect((await waitForStatus(generation.id, ["published", "failed"])).status).toBe("published");
    for (const [index, gid] of [second, third].entries()) {
      const media = simProduct(gid).mediaIds;
      expect(media).toHaveLength(originals[index].length + 1);
      expect(originals[index]).not.toContain(media[0]);
    }
    expect(await requestRevert(t.ctx, { shopDomain: DOMAIN, productIds: [second, third] })).toBe(2);
    for (const generation of generations) await waitForStatus(generation.id, ["reverted"]);
    expect(simProduct(second).mediaIds).toEqual(originals[0]);
    expect(simProduct(third).mediaIds).toEqual(originals[1]);
  });

  it("shows the image on the chosen variants, and revert gives the variants their own images back", async () => {
    const shop = sim.store.requireShop(DOMAIN);
    const candidate = [...shop.products.values()].find((p) => p.variants.length >= 2)!;
    expect(candidate).toBeDefined();
    const gid = `gid://shopify/Product/${candidate.id}`;
    const [first, second] = candidate.variants;
    // One variant with its own image, one without: both cases must come back as they were.
    first.mediaIds = candidate.mediaIds.slice(0, 1);
    second.mediaIds = [];
    const before = { gallery: [...candidate.mediaIds], first: [...first.mediaIds], second: [...second.mediaIds] };

    const product = await snapshotProduct(t.ctx, shopId, DOMAIN, gid);
    const generation = await readyGeneration(t.ctx, { shopId, productId: product.id, seed: 41 });
    const variantIds = [first, second].map((v) => `gid://shopify/ProductVariant/${v.id}`);
    await approveAndPublish(t.ctx, { shopDomain: DOMAIN, generationId: generation.id, variantIds });
    expect((await waitForStatus(generation.id, ["published", "failed"])).status).toBe("published");
    const added = candidate.mediaIds.at(-1)!;
    expect(before.gallery).not.toContain(added);
    expect(first.mediaIds).toEqual([added]);
    expect(second.mediaIds).toEqual([added]);

    await requestRevert(t.ctx, { shopDomain: DOMAIN, productIds: [gid] });
    await waitForStatus(generation.id, ["reverted"]);
    expect(candidate.mediaIds).toEqual(before.gallery);
    expect(first.mediaIds).toEqual(before.first);
    expect(second.mediaIds).toEqual(before.second);
  });

  it("scales an image beyond Shopify's limits down to at most 4472 px a side and 20 MP", async () => {
    const gid = productGids(sim, DOMAIN)[3];
    const product = await snapshotProduct(t.ctx, shopId, DOMAIN, gid);
    const generation = await readyGeneration(t.ctx, { shopId, productId: product.id, seed: 5, width: 6000, height: 4000 });
    const result = await publishGeneration(t.ctx, { generationId: generation.id });
    expect(result.status).toBe("published");
    const added = simProduct(gid).media.at(-1)!;
    expect(added.width! * added.height!).toBeLessThanOrEqual(20_000_000);
    expect(Math.max(added.width!, added.height!)).toBeLessThanOrEqual(4472);
    expect(added.width! / added.height!).toBeCloseTo(1.5, 2);
  });

  it("stops and asks the merchant when the product changed since generation", async () => {
    const gid = productGids(sim, DOMAIN)[1];
    const product = await snapshotProduct(t.ctx, shopId, DOMAIN, gid);
    const generation = await readyGeneration(t.ctx, { shopId, productId: product.id, seed: 31 });
    const before = simProduct(gid).mediaIds;
    sim.store.requireShop(DOMAIN).products.get(Number(gid.split("/").pop()))!.title = "Renamed by the merchant";

    const result = await publishGeneration(t.ctx, { generationId: generation.id });
    expect(result.status).toBe("stale");
    const row = await t.ctx.db.generation.findUniqueOrThrow({ where: { id: generation.id } });
    expect(row).toMatchObject({ status: "ready_for_review", errorCode: "product_changed" });
    expect(row.errorMessage).toMatch(/renamed/);
    expect(simProduct(gid).mediaIds).toEqual(before);

    // The merchant confirms: it publishes.
    await approveAndPublish(t.ctx, { shopDomain: DOMAIN, generationId: generation.id, acknowledgeProductChange: true });
    expect((await waitForStatus(generation.id, ["published", "failed"])).status).toBe("published");
    expect(simProduct(gid).mediaIds).toHaveLength(before.length + 1);
  });
});
