/**
 * Rule-based ranking of the models that can do a capability for a product category: the prior
 * automatic selection starts from before any approval data exists. Candidates are the registry's
 * chain for the capability (models kept out of product chains are never picked automatically);
 * models whose breaker is open are skipped. Score = category strengths − cost pressure from the
 * merchant's budget preference − a small tie-break toward the operator's chain order.
 */
import type { ModelEntry, Registry } from "../providers/registry";
import type { Capability } from "../providers/types";
import type { ProductCategory } from "./analysis-schema";
import { CATEGORY_PROFILES } from "./category-profiles";
import type { BudgetPreference } from "./intelligence-settings";
import { modelStrengths } from "./model-strengths";

export interface RankedModel {
  model: ModelEntry;
  score: number;
  /** Short merchant-readable reason, e.g. "fine detail, legible text; 2 credits". */
  reason: string;
}

const WANTED = 3;
const AVOIDED = -4;
const CHAIN_ORDER = 0.05;
/** Score lost per credit. Premium leans slightly toward dearer models on equal strengths. */
const COST_PRESSURE: Record<BudgetPreference, number> = { economy: 1.5, balanced: 0.25, premium: -0.05 };

export interface RankRequest {
  registry: Registry;
  category: ProductCategory;
  capability: Capability;
  budget: BudgetPreference;
  /** Model ids whose circuit breaker is open. */
  unavailable: ReadonlySet<string>;
  /** Credits already reserved for the generation: dearer models would be refused by the router. */
  maxCredits?: number;
}

export function rankModels(request: RankRequest): RankedModel[] {
  const profile = CATEGORY_PROFILES[request.category];
  return request.registry
    .chain(request.capability)
    .filter((model) => !request.unavailable.has(model.id) && model.credits <= (request.maxCredits ?? Infinity))
    .map((model, chainIndex) => {
      const strengths = modelStrengths(model.id);
      const matched = profile.wants.filter((s) => strengths.includes(s));
      const clashes = profile.avoids.filter((s) => strengths.includes(s));
      const score =
        WANTED * matched.length +
        AVOIDED * clashes.length -
        COST_PRESSURE[request.budget] * model.credits -
        CHAIN_ORDER * chainIndex;
      const credits = `${model.credits} credit${model.credits === 1 ? "" : "s"}`;
      const reason = matched.length ? `${matched.map((s) => s.replaceAll("_", " ")).join(", ")}; ${credits}` : credits;
      return { model, score, reason };
    })
    .sort((a, b) => b.score - a.score);
}
