/**
 * Table-driven: six very different products, analysed by the simulator through the real SDK and
 * planned with style "auto". Each gets its own style/model/prompt combination, the chosen model
 * can do the capability, and the prompt is the rendered text of the named template version.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ProductContent } from "../../app/intelligence/analysis-input";
import type { ProductCategory } from "../../app/intelligence/analysis-schema";
import { planGenerationFor, type GenerationPlan } from "../../app/intelligence/planner.server";
import { templateVersion } from "../../app/intelligence/prompts";
import { defaultRegistry } from "../../app/providers/registry";
import type { ProductShapeKind } from "../../sim/shared";
import { createTestContext, type TestContext } from "../support/harness";
import { createProduct, createShop, plannerDeps, productPhoto, startRecordingLlm, type RecordingLlm } from "./intelligence-fixtures";

interface Case {
  name: string;
  photo: ProductShapeKind;
  content: Omit<ProductContent, "imageUrls">;
  category: ProductCategory;
  /** What the photo must show for this product to sell, checked in the prompt. */
  promptMentions: RegExp;
}

const CASES: Case[] = [
  {
    name: "luxury watch",
    photo: "watch",
    content: {
      title: "Meridian Automatic Dive Watch",
      description: "Luxury Swiss automatic watch with a sapphire crystal and a brushed steel case, 300 m water resistant.",
      vendor: "Meridian",
      productType: "Watches",
      tags: ["luxury", "watches"],
    },
    category: "watches",
    promptMentions: /watch/,
  },
  {
    name: "kitchen gadget",
    photo: "box",
    content: {
      title: "ProPress Garlic Crusher",
      description: "Stainless steel kitchen gadget that crushes garlic in one squeeze. Dishwasher safe.",
      vendor: "ProPress",
      productType: "Kitchen Tools",
      tags: ["kitchen", "gadget"],
    },
    category: "kitchen",
    promptMentions: /white/,
  },
  {
    name: "T-shirt",
    photo: "shirt",
    content: {
      title: "Everyday Organic Tee",
      description: "Soft organic cotton t-shirt with a relaxed fit and a screen-printed logo.",
      vendor: "Loom Basics",
      productType: "Apparel",
      tags: ["apparel", "t-shirt"],
    },
    category: "apparel",
    promptMentions: /model/,
  },
  {
    name: "sofa",
    photo: "chair",
    content: {
      title: "Oslo Three-Seat Sofa",
      description: "Mid-century three-seat sofa with a solid oak frame and wool upholstery.",
      vendor: "Nordhus",
      productType: "Furniture",
      tags: ["furniture", "living room"],
    },
    category: "furniture",
    promptMentions: /living room/,
  },
  {
    name: "lipstick",
    photo: "bottle",
    content: {
      title: "Velvet Matte Lipstick, Rouge 07",
      description: "Long-wear, highly pigmented matte lipstick in a red satin finish.",
      vendor: "Maison Rouge",
      productType: "Cosmetics",
      tags: ["cosmetics", "makeup"],
    },
    category: "cosmetics",
    promptMentions: /marble|petals/,
  },
  {
    name: "food item",
    photo: "bottle",
    content: {
      title: "Small-Batch Wildflower Honey",
      description: "Raw wildflower honey from local hives in a 350 g glass jar.",
      vendor: "Hillside Apiary",
      productType: "Food",
      tags: ["food", "honey"],
    },
    category: "food",
    promptMentions: /warm/,
  },
];

const registry = defaultRegistry();
let t: TestContext;
let llm: RecordingLlm;
const plans = new Map<string, GenerationPlan>();

beforeAll(async () => {
  t = await createTestContext();
  llm = await startRecordingLlm();
  const shop = await createShop(t, "six-products.myshopify.com", { name: "Everything Store" });
  for (const [index, c] of CASES.entries()) {
    const content: ProductContent = { ...c.content, imageUrls: [await productPhoto(c.photo, index + 1)] };
    const product = await createProduct(t, shop.id, content);
    plans.set(c.name, await planGenerationFor(plannerDeps(t, llm.client), { shopId: shop.id, productId: product.id, content, style: "auto" }));
  }
});

afterAll(async () => {
  await llm?.close();
  await t?.cleanup();
});

describe("automatic planning per product", () => {
  it.each(CASES)("$name: analysed as $category, with a model that can do the capability", (c) => {
    const plan = plans.get(c.name)!;
    expect(plan.analysisSkipped).toBeUndefined();
    expect(plan.category).toBe(c.category);
    expect(plan.selection.strategy).toBe("rules");
    expect(registry.get(plan.preferredModelId!).capabilities).toContain(plan.capability);
    expect(plan.prompt).toMatch(c.promptMentions);
    // The prompt is the named template version's text with the slots filled in.
    const template = templateVersion(plan.promptVersion)!;
    expect(template.version.status).toBe("active");
    const fixedWords = template.version.prompt.replace(/\[\[[^\]]*\]\]|\{\{[a-z]+\}\}/g, " ").split(/\s+/).filter((w) => w.length > 4);
    for (const word of fixedWords) expect(plan.prompt).toContain(word.replace(/[.,:]$/, ""));
  });

  it("gives each product its own style/model/prompt combination", () => {
    const combos = CASES.map((c) => {
      const plan = plans.get(c.name)!;
      return `${plan.style} ${plan.preferredModelId} ${plan.promptVersion}`;
    });
    expect(new Set(combos).size).toBe(CASES.length);
    expect(new Set(CASES.map((c) => plans.get(c.name)!.preferredModelId)).size).toBeGreaterThanOrEqual(5);
    expect(new Set(CASES.map((c) => plans.get(c.name)!.prompt)).size).toBe(CASES.length);
  });

  it("follows the category: fine detail for the watch, try-on for the T-shirt, a warm scene for food", () => {
    expect(plans.get("luxury watch")).toMatchObject({ style: "detail_macro", preferredModelId: "flux-2-pro" });
    expect(plans.get("T-shirt")).toMatchObject({ style: "on_model", capability: "virtual_model", preferredModelId: "kolors-virtual-try-on" });
    expect(plans.get("food item")).toMatchObject({ style: "lifestyle", capability: "scene_generation", preferredModelId: "gpt-image-1" });
  });
});
