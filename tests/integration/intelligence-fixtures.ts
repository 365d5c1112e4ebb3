/**
 * Shared set-up for the intelligence integration tests: the OpenAI simulator reached through the
 * real `openai` SDK with a fetch that records every chat request, synthetic product photos, and
 * shops/products in the test's private database.
 */
import type OpenAI from "openai";
import { startOpenAISim, type OpenAISim } from "../../sim/openai/server";
import { renderProductImage, seededRandom, type ProductShapeKind } from "../../sim/shared";
import { createLlmClient } from "../../app/intelligence/llm.server";
import type { ProductContent } from "../../app/intelligence/analysis-input";
import type { PlannerDeps } from "../../app/intelligence/planner.server";
import { defaultRegistry } from "../../app/providers/registry";
import type { TestContext } from "../support/harness";

export interface ChatRequest {
  model: string;
  messages: Array<{ role: string; content: string | Array<{ type: string; text?: string; image_url?: { url: string } }> }>;
  response_format: { type: string; json_schema: { name: string; strict: boolean; schema: unknown } };
}

export interface RecordingLlm {
  client: OpenAI;
  sim: OpenAISim;
  /** Every chat completion request body sent, in order. */
  requests: ChatRequest[];
  close(): Promise<void>;
}

export async function startRecordingLlm(seed = 1): Promise<RecordingLlm> {
  const sim = await startOpenAISim({ seed, faults: { defaults: { latency: { medianMs: 10, sigma: 0, coldStartMs: 0, queueMs: 0 } } } });
  const requests: ChatRequest[] = [];
  const recordingFetch: typeof fetch = async (input, init) => {
    const url = typeof input === "string" ? input : input instanceof URL ? input.href : input.url;
    if (url.endsWith("/chat/completions") && typeof init?.body === "string") requests.push(JSON.parse(init.body) as ChatRequest);
    return fetch(input, init);
  };
  const client = createLlmClient({ OPENAI_API_KEY: "sk-test-intelligence", OPENAI_BASE_URL: sim.url }, recordingFetch)!;
  return { client, sim, requests, close: () => sim.close() };
}

export async function productPhoto(kind: ProductShapeKind, seed: number): Promise<string> {
  const png = await renderProductImage({ seed, width: 256, height: 256, angle: 0, kind, format: "png" });
  return `data:image/png;base64,${png.toString("base64")}`;
}

export async function createShop(t: TestContext, domain: string, fields: { name?: string; settings?: object; brandKit?: object } = {}) {
  return t.ctx.db.shop.create({ data: { domain, name: fields.name, settings: fields.settings ?? {}, brandKit: fields.brandKit ?? {} } });
}

export async function createProduct(t: TestContext, shopId: string, content: ProductContent) {
  return t.ctx.db.product.create({
    data: {
      shopId,
      shopifyId: `gid://shopify/Product/${Math.floor(Math.random() * 1e12)}`,
      title: content.title,
      handle: content.title.toLowerCase().replace(/[^a-z0-9]+/g, "-"),
      productType: content.productType ?? null,
      vendor: content.vendor ?? null,
      tags: [...(content.tags ?? [])],
      contentHash: "unused-by-intelligence",
    },
  });
}

export function plannerDeps(t: TestContext, llm: OpenAI | undefined, seed = 1): PlannerDeps {
  return {
    db: t.ctx.db,
    redis: t.ctx.redis,
    redisPrefix: t.prefix,
    log: t.ctx.log,
    registry: defaultRegistry(),
    llm,
    isBreakerOpen: async () => false,
    random: seededRandom(seed).next,
  };
}
