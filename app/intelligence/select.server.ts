/**
 * The engine's seam to product intelligence: given a product and the requested style (or a bare
 * capability), what to run and with which prompt. Binds the planner (planner.server.ts) to the
 * process's context: the LLM client from the environment, provider health from the engine's
 * breakers, and an unseeded random source for Thompson sampling.
 *
 * Compatible with the first plain version: same call, same required output fields. Additions:
 * optional `content`, `preferredModelId`, `maxCredits`, `refreshAnalysis`, `options` and `signal`
 * in; `style`, `category`, `negativePrompt`, `selection` and `analysisSkipped` out.
 */
import type { Product } from "@prisma/client";
import type OpenAI from "openai";
import type { Redis } from "ioredis";
import type { Db } from "../db.server";
import type { Env } from "../env.server";
import { ModelHealth, type HealthOptions } from "../engine/health";
import type { Logger } from "../logger.server";
import type { Registry } from "../providers/registry";
import type { Capability } from "../providers/types";
import type { ProductContent } from "./analysis-input";
import { createLlmClient } from "./llm.server";
import { planGenerationFor, type GenerationPlan } from "./planner.server";
import type { MerchantPromptOptions } from "./prompts/slots";
import { GENERATION_STYLES, isGenerationStyle, type GenerationStyle } from "./styles";

/** Styles the engine accepts, with the capability each needs by default. */
export const STYLE_CAPABILITY = Object.fromEntries(
  Object.entries(GENERATION_STYLES).map(([style, { capability }]) => [style, capability]),
) as { [S in GenerationStyle]: (typeof GENERATION_STYLES)[S]["capability"] };
export type Style = GenerationStyle;
export const isStyle = isGenerationStyle;

export interface PlanContext {
  env: Env;
  db: Db;
  redis: Redis;
  log: Logger;
  registry: Registry;
  engine?: { health?: Partial<HealthOptions> };
}

export interface PlanInput {
  product: Pick<Product, "id" | "shopId" | "title" | "productType" | "vendor"> & Partial<Pick<Product, "tags">>;
  /** A style from STYLE_CAPABILITY, or "auto" (anything else is treated as "auto"). */
  style: string;
  capability?: Capability;
  /**
   * Fresh product content for the analysis (description, image URLs). Without it, the analysis
   * covers what the Product row holds (title, type, vendor, tags).
   */
  content?: Partial<ProductContent>;
  /** The merchant's manual model choice; used when it can do the capability. */
  preferredModelId?: string;
  /** Credits reserved for the generation: automatic selection picks no dearer model. */
  maxCredits?: number;
  /**
   * False to plan from the stored analysis only (no LLM call, no analysis spend): for quoting a
   * request before credits are reserved. Default true.
   */
  refreshAnalysis?: boolean;
  options?: MerchantPromptOptions;
  signal?: AbortSignal;
}

export type GenerationPlanSeam = GenerationPlan;

const llmClients = new WeakMap<Env, OpenAI | undefined>();

export function llmFor(env: Env): OpenAI | undefined {
  if (!llmClients.has(env)) llmClients.set(env, createLlmClient(env));
  return llmClients.get(env);
}

export async function planGeneration(ctx: PlanContext, input: PlanInput): Promise<GenerationPlanSeam> {
  const health = new ModelHealth(ctx.redis, ctx.env.REDIS_PREFIX, ctx.engine?.health);
  const { product } = input;
  const content: ProductContent = {
    title: product.title,
    productType: product.productType,
    vendor: product.vendor,
    tags: product.tags ?? [],
    ...input.content,
  };
  return planGenerationFor(
    {
      db: ctx.db,
      redis: ctx.redis,
      redisPrefix: ctx.env.REDIS_PREFIX,
      log: ctx.log,
      registry: ctx.registry,
      llm: llmFor(ctx.env),
      isBreakerOpen: async (modelId) => (await health.state(modelId)) === "open",
      random: Math.random,
    },
    {
      shopId: product.shopId,
      productId: product.id,
      content: input.refreshAnalysis === false ? undefined : content,
      style: isGenerationStyle(input.style) ? input.style : "auto",
      capability: input.capability,
      preferredModelId: input.preferredModelId,
      maxCredits: input.maxCredits,
      options: input.options,
      signal: input.signal,
    },
  );
}
