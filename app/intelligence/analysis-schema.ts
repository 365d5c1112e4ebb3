/**
 * The shape of a product analysis. `llmAnalysisSchema` is what the vision LLM must return
 * (sent as a strict json_schema response format, so every field is required and free text is
 * capped afterwards by the sanitiser, not by the schema). `storedAnalysisSchema` is what Glint
 * keeps on Product.analysis: the sanitised LLM answer plus the model chosen per style and the
 * cost of the call.
 */
import { z } from "zod";
import { CAPABILITIES } from "../providers/registry/schema";

/** Bump when the schema or the system prompt changes: every cached analysis becomes stale. */
export const ANALYSIS_SCHEMA_VERSION = "analysis@1";

export const PRODUCT_CATEGORIES = [
  "jewellery",
  "watches",
  "apparel",
  "footwear",
  "bags",
  "cosmetics",
  "skincare",
  "food",
  "furniture",
  "home_decor",
  "kitchen",
  "electronics",
  "toys",
  "sports",
  "other",
] as const;
export type ProductCategory = (typeof PRODUCT_CATEGORIES)[number];

export const PRICE_TIERS = ["budget", "mid_range", "premium", "luxury"] as const;
export type PriceTier = (typeof PRICE_TIERS)[number];

/** Shot styles a merchant can ask for; each has its own prompt template. */
export const SHOT_STYLES = ["packshot", "lifestyle", "flat_lay", "on_model", "detail_macro"] as const;
export type ShotStyle = (typeof SHOT_STYLES)[number];

const recommendedStyleSchema = z.object({
  style: z.enum(SHOT_STYLES),
  capability: z.enum(CAPABILITIES),
  reason: z.string(),
});

export const llmAnalysisSchema = z.object({
  category: z.enum(PRODUCT_CATEGORIES),
  productType: z.string(),
  materials: z.array(z.string()),
  colours: z.array(z.string()),
  targetAudience: z.string(),
  priceTier: z.enum(PRICE_TIERS),
  brandAesthetic: z.string(),
  recommendedStyles: z.array(recommendedStyleSchema),
});
export type LlmAnalysis = z.infer<typeof llmAnalysisSchema>;

export const styleRecommendationSchema = recommendedStyleSchema.extend({
  /** The model automatic selection picked when the analysis ran (re-checked at generation time). */
  modelId: z.string().nullable(),
});
export type StyleRecommendation = z.infer<typeof styleRecommendationSchema>;

export const storedAnalysisSchema = llmAnalysisSchema.extend({
  schemaVersion: z.literal(ANALYSIS_SCHEMA_VERSION),
  recommendedStyles: z.array(styleRecommendationSchema),
  usage: z.object({
    model: z.string(),
    inputTokens: z.number().int().nonnegative(),
    outputTokens: z.number().int().nonnegative(),
    costMicroUsd: z.number().int().nonnegative(),
    /** Wall time of the LLM call (with its retries): provider time, which benchmarks separate from orchestration. */
    latencyMs: z.number().int().nonnegative().optional(),
  }),
});
export type ProductAnalysis = z.infer<typeof storedAnalysisSchema>;
