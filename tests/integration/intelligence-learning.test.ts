/**
 * Learning from approvals against the real database: verdicts recorded on generations shift
 * automatic selection toward the combination merchants approve (seeded Thompson sampling), and
 * the admin table reports it.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { seededRandom } from "../../sim/shared";
import { defaultRegistry } from "../../app/providers/registry";
import { approvalTable, recordVerdict, type SelectionVerdict } from "../../app/intelligence/approval-learning.server";
import { planGenerationFor, type PlannerDeps } from "../../app/intelligence/planner.server";
import type { ProductAnalysis } from "../../app/intelligence/analysis-schema";
import { createTestContext, type TestContext } from "../support/harness";

const registry = defaultRegistry();
let t: TestContext;
let shopId: string;
let otherShopId: string;
let productId: string;

const watchAnalysis: ProductAnalysis = {
  schemaVersion: "analysis@1",
  category: "watches",
  productType: "automatic dive watch",
  materials: ["steel"],
  colours: ["black"],
  targetAudience: "watch collectors",
  priceTier: "luxury",
  brandAesthetic: "refined",
  recommendedStyles: [{ style: "detail_macro", capability: "enhancement", reason: "dial detail", modelId: "flux-2-pro" }],
  usage: { model: "gpt-4o", inputTokens: 0, outputTokens: 0, costMicroUsd: 0 },
};

function deps(seed: number): PlannerDeps {
  return {
    db: t.ctx.db,
    redis: t.ctx.redis,
    redisPrefix: t.prefix,
    log: t.ctx.log,
    registry,
    isBreakerOpen: async () => false,
    random: seededRandom(seed).next,
  };
}

let generationCounter = 0;
async function judgedGeneration(shop: string, product: string, modelId: string, verdict: SelectionVerdict) {
  const generation = await t.ctx.db.generation.create({
    data: {
      shopId: shop,
      productId: product,
      requestKey: `req-${++generationCounter}`,
      capability: "enhancement",
      style: "detail_macro",
      modelId,
      promptVersion: "detail_macro@1",
      status: "ready_for_review",
    },
  });
  return recordVerdict(t.ctx.db, registry, { shopId: shop, generationId: generation.id, verdict });
}

async function modelShares(runs: number, seed: number) {
  const d = deps(seed);
  const picks = new Map<string, number>();
  for (let i = 0; i < runs; i++) {
    const plan = await planGenerationFor(d, { shopId, productId, style: "detail_macro" });
    picks.set(plan.preferredModelId!, (picks.get(plan.preferredModelId!) ?? 0) + 1);
  }
  return picks;
}

beforeAll(async () => {
  t = await createTestContext();
  const shop = await t.ctx.db.shop.create({ data: { domain: "learning-a.myshopify.com" } });
  const other = await t.ctx.db.shop.create({ data: { domain: "learning-b.myshopify.com" } });
  shopId = shop.id;
  otherShopId = other.id;
  const product = await t.ctx.db.product.create({
    data: { shopId, shopifyId: "gid://shopify/Product/1", title: "Dive watch", handle: "dive-watch", contentHash: "x", analysis: watchAnalysis },
  });
  productId = product.id;
});

afterAll(async () => {
  await t?.cleanup();
});

describe("learning from approvals", () => {
  it("follows the rules while there are no verdicts", async () => {
    const plan = await planGenerationFor(deps(1), { shopId, productId, style: "detail_macro" });
    expect(plan).toMatchObject({ preferredModelId: "flux-2-pro", promptVersion: "detail_macro@1", selection: { strategy: "rules" } });
  });

  it("shifts toward the better-approved model once merchants have judged enough results", async () => {
    const before = await modelShares(40, 3);
    expect(before.get("flux-2-pro")).toBe(40);

    // Merchants reject or regenerate most flux-2-pro results and approve most flux-kontext-pro-fal ones.
    for (let i = 0; i < 12; i++) {
      await judgedGeneration(shopId, productId, "flux-2-pro", i < 3 ? "approved" : i < 8 ? "rejected" : "regenerated");
      await judgedGeneration(shopId, productId, "flux-kontext-pro-fal", i < 11 ? "approved" : "rejected");
    }

    const after = await modelShares(200, 3);
    const kontext = after.get("flux-kontext-pro-fal") ?? 0;
    const flux = after.get("flux-2-pro") ?? 0;
    // From every plan to a small minority; the better-approved model is now the most chosen.
    expect(flux).toBeLessThan(30);
    expect(kontext).toBeGreaterThan(3 * flux);
    expect(Math.max(...after.values())).toBe(kontext);
  });

  it("counts a repeated verdict on the same generation once", async () => {
    const generation = await t.ctx.db.generation.create({
      data: { shopId, productId, requestKey: "dup", capability: "enhancement", style: "detail_macro", modelId: "sdxl", promptVersion: "detail_macro@1" },
    });
    await recordVerdict(t.ctx.db, registry, { shopId, generationId: generation.id, verdict: "approved" });
    await recordVerdict(t.ctx.db, registry, { shopId, generationId: generation.id, verdict: "approved" });
    const row = (await approvalTable(t.ctx.db)).find((r) => r.modelId === "sdxl");
    expect(row?.approved).toBe(1);
  });

  it("ignores a verdict on another shop's generation", async () => {
    const generation = await t.ctx.db.generation.create({
      data: { shopId, productId, requestKey: "foreign", capability: "enhancement", style: "detail_macro", modelId: "gpt-image-1", promptVersion: "detail_macro@1" },
    });
    expect(await recordVerdict(t.ctx.db, registry, { shopId: otherShopId, generationId: generation.id, verdict: "rejected" })).toBe(false);
    expect((await approvalTable(t.ctx.db)).some((r) => r.modelId === "gpt-image-1")).toBe(false);
  });

  it("reports the table for the admin, best approval per credit first", async () => {
    const table = await approvalTable(t.ctx.db, { shopId });
    const watches = table.filter((r) => r.category === "watches" && r.style === "detail_macro");
    expect(watches.map((r) => r.modelId)).toEqual(["sdxl", "flux-kontext-pro-fal", "flux-2-pro"]);
    expect(watches[1]).toMatchObject({ approved: 11, rejected: 1, regenerated: 0, total: 12, approvalPerMille: 917, credits: 2 });
    expect(watches[2]).toMatchObject({ approved: 3, rejected: 5, regenerated: 4, approvalsPer100Credits: 13 });
    expect(await approvalTable(t.ctx.db, { shopId: otherShopId })).toEqual([]);
  });
});
