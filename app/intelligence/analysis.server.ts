/**
 * Product analysis: one vision-LLM call per product content, cached on the Product row under a
 * hash of (shop, content, brand kit, schema version), so an unchanged product is never analysed
 * twice and a changed one always is. Calls are paid from the shop's daily analysis budget.
 * Everything is scoped by shop id: a product is only ever read and written together with its shop.
 */
import type OpenAI from "openai";
import type { Redis } from "ioredis";
import type { Db } from "../db.server";
import type { Logger } from "../logger.server";
import type { Registry } from "../providers/registry";
import { withRedisLock } from "../shopify/redis-lock.server";
import { analysisSpentToday, withinAnalysisBudget, type AnalysisBudget } from "./analysis-budget.server";
import {
  ANALYSIS_SYSTEM_PROMPT,
  analysisHash,
  analysisUserParts,
  estimateInputTokens,
  type ProductContent,
} from "./analysis-input";
import {
  ANALYSIS_SCHEMA_VERSION,
  llmAnalysisSchema,
  storedAnalysisSchema,
  type LlmAnalysis,
  type ProductAnalysis,
  type ShotStyle,
} from "./analysis-schema";
import { parseBrandKit } from "./brand-kit";
import { CATEGORY_PROFILES } from "./category-profiles";
import { readIntelligenceSettings } from "./intelligence-settings";
import { callStructured, maxCallCostMicroUsd } from "./llm.server";
import { rankModels } from "./model-ranking";
import { GENERATION_STYLES, SHOT_STYLE_CAPABILITIES } from "./styles";
import { toPromptPhrase, toPromptPhrases } from "./untrusted-text";

export interface AnalysisDeps {
  db: Db;
  redis: Redis;
  /** The deployment's Redis prefix (env.REDIS_PREFIX). */
  redisPrefix: string;
  log: Logger;
  llm: OpenAI;
  registry: Registry;
  now?: () => Date;
}

export interface AnalyseRequest {
  shopId: string;
  productId: string;
  content: ProductContent;
  signal?: AbortSignal;
}

export interface AnalysisResult {
  analysis: ProductAnalysis;
  /** True when the stored analysis was reused and no LLM call was made. */
  cached: boolean;
}

export class ProductNotFoundError extends Error {
  constructor(shopId: string, productId: string) {
    super(`Product ${productId} not found in shop ${shopId}`);
    this.name = "ProductNotFoundError";
  }
}

const MAX_STYLES = 4;

// Another analysis of the same product waits this long for the holder: its LLM call with retries
// (3 × 30 s) and the write. The lock itself is renewed while held, so a killed holder blocks only
// for the lock's short default TTL.
const LOCK_WAIT_MS = 120_000;

/**
 * The product's analysis for this content: the stored one when the content is unchanged, else a
 * fresh one. One analysis per product at a time across all workers (variants of one request
 * arrive together): the others wait and then find the stored result.
 */
export async function analyseProduct(deps: AnalysisDeps, request: AnalyseRequest): Promise<AnalysisResult> {
  const lockKey = `${deps.redisPrefix}:intelligence:analysis-lock:${request.shopId}:${request.productId}`;
  return withRedisLock(deps.redis, lockKey, () => analyseUnlocked(deps, request), { waitMs: LOCK_WAIT_MS });
}

async function analyseUnlocked(deps: AnalysisDeps, request: AnalyseRequest): Promise<AnalysisResult> {
  const product = await deps.db.product.findFirst({
    where: { id: request.productId, shopId: request.shopId },
    select: { id: true, analysis: true, analysisHash: true, shop: { select: { name: true, settings: true, brandKit: true } } },
  });
  if (!product) throw new ProductNotFoundError(request.shopId, request.productId);

  const brandKit = parseBrandKit(product.shop.brandKit);
  const hash = analysisHash(request.shopId, request.content, brandKit);
  if (product.analysisHash === hash) {
    const stored = storedAnalysisSchema.safeParse(product.analysis);
    if (stored.success) return { analysis: stored.data, cached: true };
  }

  const settings = readIntelligenceSettings(product.shop.settings);
  const budget: AnalysisBudget = {
    redis: deps.redis,
    prefix: deps.redisPrefix,
    shopId: request.shopId,
    dailyLimitMicroUsd: settings.analysisDailyBudgetMicroUsd,
    now: deps.now?.(),
  };
  const userParts = analysisUserParts(request.content, { name: product.shop.name, brandKit });
  const llmStarted = performance.now();
  const result = await withinAnalysisBudget(budget, maxCallCostMicroUsd(estimateInputTokens(userParts)), () =>
    callStructured(deps.llm, {
      schema: llmAnalysisSchema,
      name: "product_analysis",
      systemPrompt: ANALYSIS_SYSTEM_PROMPT,
      userParts,
      signal: request.signal,
    }),
  );

  const sanitised = sanitiseAnalysis(result.value);
  const analysis: ProductAnalysis = {
    ...sanitised,
    schemaVersion: ANALYSIS_SCHEMA_VERSION,
    recommendedStyles: sanitised.recommendedStyles.map((rec) => ({
      ...rec,
      modelId:
        rankModels({
          registry: deps.registry,
          category: sanitised.category,
          capability: rec.capability,
          budget: settings.budgetPreference,
          unavailable: new Set(),
        })[0]?.model.id ?? null,
    })),
    usage: {
      model: result.model,
      inputTokens: result.inputTokens,
      outputTokens: result.outputTokens,
      costMicroUsd: result.costMicroUsd,
      latencyMs: Math.round(performance.now() - llmStarted),
    },
  };
  await deps.db.product.updateMany({
    where: { id: request.productId, shopId: request.shopId },
    data: { analysis, analysisHash: hash, analysedAt: deps.now?.() ?? new Date() },
  });
  deps.log.info(
    {
      shopId: request.shopId,
      productId: request.productId,
      category: analysis.category,
      costMicroUsd: result.costMicroUsd,
      spentTodayMicroUsd: await analysisSpentToday(budget),
    },
    "product analysed",
  );
  return { analysis, cached: false };
}

/**
 * The LLM's answer with every free-text field reduced to a safe short phrase (the answer may
 * repeat hostile product text), styles de-duplicated and capabilities checked against the style.
 */
export function sanitiseAnalysis(answer: LlmAnalysis): LlmAnalysis {
  const seen = new Set<ShotStyle>();
  const styles = answer.recommendedStyles
    .filter((rec) => !seen.has(rec.style) && seen.add(rec.style))
    .slice(0, MAX_STYLES)
    .map((rec) => ({
      style: rec.style,
      capability: SHOT_STYLE_CAPABILITIES[rec.style].includes(rec.capability) ? rec.capability : GENERATION_STYLES[rec.style].capability,
      reason: toPromptPhrase(rec.reason, 100),
    }));
  return {
    category: answer.category,
    productType: toPromptPhrase(answer.productType, 50),
    materials: toPromptPhrases(answer.materials, 5, 30),
    colours: toPromptPhrases(answer.colours, 5, 25),
    targetAudience: toPromptPhrase(answer.targetAudience, 60),
    priceTier: answer.priceTier,
    brandAesthetic: toPromptPhrase(answer.brandAesthetic, 60),
    recommendedStyles: styles.length
      ? styles
      : CATEGORY_PROFILES[answer.category].styles.map((style) => ({ style, capability: GENERATION_STYLES[style].capability, reason: "" })),
  };
}
