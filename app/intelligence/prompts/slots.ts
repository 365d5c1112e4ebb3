/**
 * Slot values for a prompt, from the analysis, the brand kit and the merchant's options. This is
 * the single place where analysis text (which may echo hostile product text) and merchant text
 * enter a generation prompt, so every value goes through the prompt-phrase sanitiser here.
 */
import type { ProductAnalysis, ProductCategory } from "../analysis-schema";
import type { BrandGuidance } from "../brand-kit";
import { CATEGORY_PROFILES } from "../category-profiles";
import { toPromptPhrase, toPromptPhrases } from "../untrusted-text";
import type { PromptSlots } from "./template";

/** What a merchant may add per generation. */
export interface MerchantPromptOptions {
  /** A scene hint such as "beach at sunset". */
  setting?: string;
}

export interface SlotSources {
  category: ProductCategory;
  analysis?: Pick<ProductAnalysis, "productType" | "materials" | "colours" | "targetAudience" | "brandAesthetic">;
  /** Used when the analysis has no usable product type (e.g. the product title). */
  productFallback?: string;
  brand: BrandGuidance;
  options?: MerchantPromptOptions;
}

/** Placeholder answers that say nothing about the product: treated as missing. */
const UNINFORMATIVE = new Set(["product", "products", "item", "items", "unspecified", "unknown", "none", "other", "n/a", "various"]);

function informative(phrase: string): string {
  return UNINFORMATIVE.has(phrase.toLowerCase()) ? "" : phrase;
}

function joinList(items: string[]): string {
  return items.length <= 1 ? (items[0] ?? "") : `${items.slice(0, -1).join(", ")} and ${items[items.length - 1]}`;
}

export function promptSlots(sources: SlotSources): PromptSlots {
  const { analysis, brand } = sources;
  const product =
    informative(toPromptPhrase(analysis?.productType, 50)) ||
    toPromptPhrase(sources.productFallback, 50) ||
    sources.category.replaceAll("_", " ");
  return {
    product: product.toLowerCase(),
    materials: joinList(toPromptPhrases(analysis?.materials ?? [], 3, 30).filter(informative)),
    colours: joinList(toPromptPhrases(analysis?.colours ?? [], 3, 25).filter(informative)),
    audience: toPromptPhrase(analysis?.targetAudience, 40),
    aesthetic: toPromptPhrase(analysis?.brandAesthetic, 40),
    mood: CATEGORY_PROFILES[sources.category].sceneMood,
    tone: brand.tone,
    palette: brand.palette.join(", "),
    setting: toPromptPhrase(sources.options?.setting, 60),
    avoid: brand.avoid.join(", "),
  };
}
