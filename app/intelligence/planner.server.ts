/**
 * Plans one generation: product analysis (cached) → shot style → model and prompt version
 * (automatic selection, or the merchant's model) → rendered prompt. The result names the exact
 * template version and carries the rendered text, which the engine stores on the Generation.
 *
 * Analysis is an improvement, not a precondition: when it cannot run (no LLM configured, the
 * shop's analysis budget is spent, the LLM is down) the plan uses the last stored analysis, or
 * none, and says why in `analysisSkipped`.
 */
import type OpenAI from "openai";
import type { Redis } from "ioredis";
import type { Db } from "../db.server";
import type { Logger } from "../logger.server";
import type { Registry } from "../providers/registry";
import type { Capability } from "../providers/types";
import { isUserFacingError } from "../errors";
import { analyseProduct } from "./analysis.server";
import type { ProductContent } from "./analysis-input";
import { storedAnalysisSchema, type ProductAnalysis, type ProductCategory } from "./analysis-schema";
import { armVerdicts } from "./approval-learning.server";
import { brandGuidance, parseBrandKit } from "./brand-kit";
import { CATEGORY_PROFILES } from "./category-profiles";
import { readIntelligenceSettings } from "./intelligence-settings";
import { templateVersion } from "./prompts";
import { renderTemplate } from "./prompts/render";
import { promptSlots, type MerchantPromptOptions } from "./prompts/slots";
import { selectModel, type SelectionStrategy } from "./selection.server";
import { GENERATION_STYLES, SHOT_STYLE_CAPABILITIES, type GenerationStyle } from "./styles";
import type { UniformRandom } from "./thompson";

export interface PlannerDeps {
  db: Db;
  redis: Redis;
  redisPrefix: string;
  log: Logger;
  registry: Registry;
  /** Absent when no LLM is configured: plans then use stored analyses only. */
  llm?: OpenAI;
  /** True when the model's circuit breaker is open (the engine's provider health). */
  isBreakerOpen(modelId: string): Promise<boolean>;
  random: UniformRandom;
}

export interface PlanRequest {
  shopId: string;
  productId: string;
  /** Current product content; when given, the analysis is refreshed if the content changed. */
  content?: ProductContent;
  /** A generation style, or "auto" for the best style for this product's category. */
  style: GenerationStyle | "auto";
  /** Defaults to what the style needs. */
  capability?: Capability;
  preferredModelId?: string;
  /** Credits already reserved: automatic selection stays within them. */
  maxCredits?: number;
  options?: MerchantPromptOptions;
  signal?: AbortSignal;
}

export interface GenerationPlan {
  capability: Capability;
  /** The concrete style (what "auto" resolved to): the key approvals are learned under. */
  style: GenerationStyle;
  category: ProductCategory;
  prompt: string;
  negativePrompt: string;
  /** Template version id, e.g. "lifestyle@1": with `prompt`, what the Generation stores. */
  promptVersion: string;
  /** Undefined when no candidate is healthy and affordable (the engine's chain then decides). */
  preferredModelId?: string;
  selection: { strategy: SelectionStrategy; reason: string };
  analysisSkipped?: "no_llm" | "budget_exceeded" | "llm_failed";
}

export async function planGenerationFor(deps: PlannerDeps, request: PlanRequest): Promise<GenerationPlan> {
  const product = await deps.db.product.findFirst({
    where: { id: request.productId, shopId: request.shopId },
    select: { title: true, analysis: true, shop: { select: { settings: true, brandKit: true } } },
  });
  if (!product) throw new Error(`Product ${request.productId} not found in shop ${request.shopId}`);

  const { analysis, skipped } = await currentAnalysis(deps, request, product.analysis);
  const category: ProductCategory = analysis?.category ?? "other";
  const style = request.style === "auto" ? autoStyle(category, analysis) : request.style;
  const shot = GENERATION_STYLES[style].shot;
  const capability = request.capability ?? capabilityFor(style, analysis);
  const settings = readIntelligenceSettings(product.shop.settings);

  const unavailable = new Set<string>();
  for (const model of deps.registry.chain(capability)) {
    if (await deps.isBreakerOpen(model.id)) unavailable.add(model.id);
  }
  const choice = selectModel({
    registry: deps.registry,
    category,
    style: shot,
    capability,
    budget: settings.budgetPreference,
    preferredModelId: request.preferredModelId,
    maxCredits: request.maxCredits,
    unavailable,
    verdicts: await armVerdicts(deps.db, category, style),
    random: deps.random,
  });

  const rendered = renderPlanPrompt(choice.promptVersion, {
    category,
    analysis,
    productFallback: product.title,
    brand: brandGuidance(parseBrandKit(product.shop.brandKit)),
    options: request.options,
  });
  return {
    capability,
    style,
    category,
    ...rendered,
    promptVersion: choice.promptVersion,
    preferredModelId: choice.modelId,
    selection: { strategy: choice.strategy, reason: choice.reason },
    analysisSkipped: skipped,
  };
}

/** Renders a template version; the same version and slots always give the same bytes. */
export function renderPlanPrompt(versionId: string, sources: Parameters<typeof promptSlots>[0]) {
  const template = templateVersion(versionId);
  if (!template) throw new Error(`Unknown prompt template version "${versionId}"`);
  const slots = promptSlots(sources);
  return {
    prompt: renderTemplate(template.version.prompt, slots),
    negativePrompt: renderTemplate(template.version.negativePrompt, slots),
  };
}

async function currentAnalysis(
  deps: PlannerDeps,
  request: PlanRequest,
  storedJson: unknown,
): Promise<{ analysis?: ProductAnalysis; skipped?: GenerationPlan["analysisSkipped"] }> {
  const stored = storedAnalysisSchema.safeParse(storedJson);
  const fallback = stored.success ? stored.data : undefined;
  if (!request.content) return { analysis: fallback };
  if (!deps.llm) return { analysis: fallback, skipped: "no_llm" };
  try {
    const result = await analyseProduct(
      { ...deps, llm: deps.llm },
      { shopId: request.shopId, productId: request.productId, content: request.content, signal: request.signal },
    );
    return { analysis: result.analysis };
  } catch (error) {
    if (request.signal?.aborted) throw error;
    const skipped = isUserFacingError(error) ? "budget_exceeded" : "llm_failed";
    deps.log.warn({ shopId: request.shopId, productId: request.productId, err: error, skipped }, "planning without a fresh analysis");
    return { analysis: fallback, skipped };
  }
}

/**
 * The category decides the style (watches sell on detail, apparel on a model, food in a warm
 * scene); the analysis' own first recommendation decides only for products it could not place.
 */
function autoStyle(category: ProductCategory, analysis: ProductAnalysis | undefined): GenerationStyle {
  const recommended = analysis?.recommendedStyles[0]?.style;
  return category === "other" && recommended ? recommended : CATEGORY_PROFILES[category].styles[0];
}

/** For a plain shot style, the capability the analysis recommends for it; else the style's default. */
function capabilityFor(style: GenerationStyle, analysis: ProductAnalysis | undefined): Capability {
  const { shot, capability } = GENERATION_STYLES[style];
  if (shot !== style) return capability;
  const recommended = analysis?.recommendedStyles.find((rec) => rec.style === shot)?.capability;
  return recommended && SHOT_STYLE_CAPABILITIES[shot].includes(recommended) ? recommended : capability;
}
