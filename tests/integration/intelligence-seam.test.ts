/**
 * The engine's entry point, `planGeneration(ctx, …)`, with a context built like the worker's:
 * the LLM client comes from the environment (pointed at the OpenAI simulator), provider health
 * from the engine's breakers in Redis, the registry from the context.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Product } from "@prisma/client";
import { ModelHealth } from "../../app/engine/health";
import { planGeneration } from "../../app/intelligence/select.server";
import { startOpenAISim, type OpenAISim } from "../../sim/openai/server";
import { createTestContext, type TestContext } from "../support/harness";
import { createProduct, createShop } from "./intelligence-fixtures";

let sim: OpenAISim;
let t: TestContext;
let watch: Product;

beforeAll(async () => {
  sim = await startOpenAISim({ seed: 2, faults: { defaults: { latency: { medianMs: 10, sigma: 0, coldStartMs: 0, queueMs: 0 } } } });
  t = await createTestContext({ OPENAI_API_KEY: "sk-test-seam", OPENAI_BASE_URL: sim.url });
  const shop = await createShop(t, "seam.myshopify.com", { settings: { intelligence: { budgetPreference: "premium" } } });
  watch = await createProduct(t, shop.id, {
    title: "Meridian Automatic Dive Watch",
    productType: "Watches",
    vendor: "Meridian",
    tags: ["luxury", "watches"],
  });
});

afterAll(async () => {
  await t?.cleanup();
  await sim?.close();
});

describe("planGeneration (engine seam)", () => {
  it("analyses the product from its row and plans the category's style with a detail-preserving model", async () => {
    const plan = await planGeneration(t.ctx, { product: watch, style: "auto", capability: undefined });
    expect(plan).toMatchObject({ category: "watches", style: "detail_macro", capability: "enhancement", preferredModelId: "flux-2-pro" });
    expect(plan.promptVersion).toBe("detail_macro@1");
    expect(plan.prompt).toContain("watch");
    const row = await t.ctx.db.product.findUniqueOrThrow({ where: { id: watch.id } });
    expect(row.analysisHash).not.toBeNull();
  });

  it("keeps the engine's capability and a style-specific prompt for engine styles", async () => {
    const plan = await planGeneration(t.ctx, { product: watch, style: "turntable_video", capability: "image_to_video" });
    expect(plan).toMatchObject({ style: "turntable_video", capability: "image_to_video", promptVersion: "product_video@1" });
    expect(t.ctx.registry.get(plan.preferredModelId!).capabilities).toContain("image_to_video");
  });

  it("skips a model whose breaker is open", async () => {
    const health = new ModelHealth(t.ctx.redis, t.env.REDIS_PREFIX, t.ctx.engine?.health);
    for (let i = 0; i < 10; i++) await health.record("flux-2-pro", { ok: false, latencyMs: 100 });
    expect(await health.state("flux-2-pro")).toBe("open");

    const plan = await planGeneration(t.ctx, { product: watch, style: "detail_macro", capability: "enhancement" });
    expect(plan.preferredModelId).not.toBe("flux-2-pro");
    expect(t.ctx.registry.get(plan.preferredModelId!).capabilities).toContain("enhancement");
  });

  it("quotes from the stored analysis without an LLM call when asked not to refresh", async () => {
    const fresh = await createProduct(t, watch.shopId, { title: "Harbour Chronograph", productType: "Watches", tags: ["watches"] });
    const quote = await planGeneration(t.ctx, { product: fresh, style: "detail_macro", capability: "enhancement", refreshAnalysis: false });
    expect(quote.category).toBe("other");
    const row = await t.ctx.db.product.findUniqueOrThrow({ where: { id: fresh.id } });
    expect(row.analysisHash).toBeNull();
  });

  it("keeps automatic selection within the reserved credits", async () => {
    const plan = await planGeneration(t.ctx, { product: watch, style: "turntable_video", capability: "image_to_video", maxCredits: 5 });
    expect(t.ctx.registry.get(plan.preferredModelId!).credits).toBeLessThanOrEqual(5);
    // No video model in the chain is that cheap: the plan names none and the engine's chain decides.
    const tooTight = await planGeneration(t.ctx, { product: watch, style: "turntable_video", capability: "image_to_video", maxCredits: 2 });
    expect(tooTight.preferredModelId).toBeUndefined();
    expect(tooTight.promptVersion).toBe("product_video@1");
  });

  it("passes the merchant's manual model choice through", async () => {
    const plan = await planGeneration(t.ctx, { product: watch, style: "detail_macro", capability: "enhancement", preferredModelId: "sdxl" });
    expect(plan).toMatchObject({ preferredModelId: "sdxl", selection: { strategy: "manual" } });
  });
});
